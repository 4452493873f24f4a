"use server";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { readableDefinition } from "@/lib/environments/readable-definition";
import { rollbackEnvironment } from "@/lib/environments/rollback-environment";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";
import type { RevisionDefinition } from "@/lib/actions/get-revision";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
  revision: z.number().int().positive(),
});

export interface RolledBack extends RevisionDefinition {
  /** The revision whose definition was restored. */
  restored: number;
}

/**
 * "Restore this revision": stores revision `revision`'s definition again as a new revision on
 * top of the newest (needs write permission), and answers the new revision for the editor to show.
 */
export async function rollbackEnvironmentAction(
  raw: z.input<typeof input>,
): Promise<ActionResult<RolledBack>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid restore request.");
  const { org, project, env, revision } = parsed.data;
  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  const actor = ctx.actor;
  try {
    const result = await rollbackEnvironment(actor, ctx.org, project, env, revision);
    const now = await readableDefinition(actor, ctx.org, project, env, result.revision);
    return {
      ok: true,
      data: {
        restored: result.restored,
        revision: result.revision,
        latestRevision: now.latestRevision,
        etag: result.etag,
        yaml: now.yaml,
        plaintext: now.plaintext,
      },
    };
  } catch (err) {
    const result = serviceErrorResult(err, "rollback");
    if (!result.ok && result.status === 409)
      return fail(
        409,
        "Someone saved a newer revision while this one was being restored. Nothing was restored; try again.",
      );
    return result;
  }
}
