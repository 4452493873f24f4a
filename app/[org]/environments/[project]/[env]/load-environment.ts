// What the editor page needs: the definition with secrets in plaintext (the editor edits
// plaintext; the service re-encrypts on save), the ETag to save against, and who saved it last.
import { notFound } from "next/navigation";
import type { OrgContext } from "@/lib/auth/session";
import { decryptEnvironment } from "@/lib/environments/decrypt-environment";
import { listRevisions } from "@/lib/environments/list-revisions";
import { NotFoundError } from "@/lib/environments/errors";

export interface EditableEnvironment {
  yaml: string;
  etag: string;
  revision: number;
  savedBy: string;
  savedAt: Date;
}

export async function loadEnvironmentForEditing(ctx: OrgContext, project: string, env: string): Promise<EditableEnvironment> {
  const actor = ctx.actor;
  try {
    const definition = await decryptEnvironment(actor, ctx.org, project, env);
    const [latest] = await listRevisions(actor, ctx.org, project, env, { count: 1 });
    return {
      yaml: definition.yaml,
      etag: definition.etag,
      revision: definition.revision,
      savedBy: latest?.creatorName || latest?.creatorLogin || "someone",
      savedAt: latest?.created ?? definition.modified,
    };
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}
