"use server";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { createRevisionTag } from "@/lib/environments/create-revision-tag";
import { updateRevisionTag } from "@/lib/environments/update-revision-tag";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
  revision: z.number().int().positive(),
  name: z.string().max(200),
  /** Move the tag here if it is already on another revision (otherwise that is a conflict). */
  move: z.boolean().optional(),
});

/** Tags a revision (needs write permission); the service validates the name and says why not. */
export async function tagRevisionAction(
  raw: z.input<typeof input>,
): Promise<ActionResult<{ name: string; revision: number }>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid tag request.");
  const { org, project, env, revision, move } = parsed.data;
  const name = parsed.data.name.trim();
  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  const actor = ctx.actor;
  try {
    const tag = move
      ? await updateRevisionTag(actor, ctx.org, project, env, name, revision)
      : await createRevisionTag(actor, ctx.org, project, env, name, revision);
    return { ok: true, data: { name: tag.name, revision: tag.revision } };
  } catch (err) {
    return serviceErrorResult(err, "tag revision");
  }
}
