// What the editor page needs: the definition with secrets in plaintext (the editor edits
// plaintext; the service re-encrypts on save), the ETag to save against, and who saved it last.
// A caller with only "read" permission gets the definition as stored, secrets as ciphertext, and
// the page shows it read-only.
import { notFound } from "next/navigation";
import type { OrgContext } from "@/lib/auth/session";
import { decryptEnvironment } from "@/lib/environments/decrypt-environment";
import { getEnvironment } from "@/lib/environments/get-environment";
import { allows, type EnvironmentPermission } from "@/lib/orgs/permissions";
import { listRevisions } from "@/lib/environments/list-revisions";
import { NotFoundError } from "@/lib/environments/errors";

export interface EditableEnvironment {
  yaml: string;
  etag: string;
  revision: number;
  savedBy: string;
  savedAt: Date;
  /** The caller's permission on the environment: "read" or more (less is a 404). */
  permission: Exclude<EnvironmentPermission, "none">;
}

export async function loadEnvironmentForEditing(
  ctx: OrgContext,
  project: string,
  env: string,
): Promise<EditableEnvironment> {
  const actor = ctx.actor;
  try {
    const stored = await getEnvironment(actor, ctx.org, project, env);
    const definition = allows(stored.permission, "open")
      ? await decryptEnvironment(actor, ctx.org, project, env)
      : stored;
    const [latest] = await listRevisions(actor, ctx.org, project, env, { count: 1 });
    return {
      yaml: definition.yaml,
      etag: definition.etag,
      revision: definition.revision,
      savedBy: latest?.creatorName || latest?.creatorLogin || "someone",
      savedAt: latest?.created ?? definition.modified,
      permission: stored.permission === "none" ? "read" : stored.permission,
    };
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}
