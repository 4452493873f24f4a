"use server";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { deleteRevisionTag } from "@/lib/environments/delete-revision-tag";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
});

/** Removes a revision tag (needs write permission); `latest` cannot be removed. */
export async function untagRevisionAction(raw: z.input<typeof input>): Promise<ActionResult<null>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid tag request.");
  const { org, project, env, name } = parsed.data;
  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  try {
    await deleteRevisionTag(ctx.actor, ctx.org, project, env, name);
    return { ok: true, data: null };
  } catch (err) {
    return serviceErrorResult(err, "untag revision");
  }
}
