"use server";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { updateEnvironment } from "@/lib/environments/update-environment";
import { fail, type ActionResult } from "@/lib/actions/result";
import { deniedOutsideOrg } from "@/lib/actions/denied";
import { serviceErrorResult } from "@/lib/actions/errors";
import { MAX_DEFINITION_BYTES } from "@/lib/environments/definition-text";
import { checkDefinition } from "@/lib/actions/check-definition";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
  yaml: z.string(),
  etag: z.string().min(1).max(200),
});

export interface SavedRevision {
  revision: number;
  etag: string;
}

/**
 * Stores the editor's text as a new revision, only if the environment is still at `etag` (the
 * revision the editor loaded). Otherwise answers 409 and stores nothing.
 */
export async function saveEnvironmentAction(raw: z.input<typeof input>): Promise<ActionResult<SavedRevision>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid save request.");
  const { org, project, env, yaml, etag } = parsed.data;
  if (Buffer.byteLength(yaml, "utf8") > MAX_DEFINITION_BYTES) return fail(413, "The definition is larger than 1 MiB and cannot be saved.");

  const ctx = await orgContext(org);
  if (!ctx) return deniedOutsideOrg(org, "environment.update", `${project}/${env}`);
  const actor = ctx.actor;
  try {
    // Like the REST API (PATCH answers 400), a definition with errors is not stored.
    const { diagnostics } = await checkDefinition(ctx, project, env, yaml);
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    if (errors > 0) return fail(400, `The definition has ${errors === 1 ? "an error" : `${errors} errors`} (see the preview pane). Fix ${errors === 1 ? "it" : "them"} before saving.`);
    const saved = await updateEnvironment(actor, ctx.org, project, env, yaml, { expectedEtag: etag });
    return { ok: true, data: saved };
  } catch (err) {
    const result = serviceErrorResult(err, "save environment");
    if (!result.ok && result.status === 409) return fail(409, "Someone else saved a newer revision of this environment while you were editing.");
    return result;
  }
}
