"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { removeMember } from "@/lib/orgs/remove-member";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({
  org: z.string().min(1).max(100),
  userId: z.string().min(1).max(100),
});

/** Removes a member from the organization. Org admins only; never the last admin (the service checks both). */
export async function removeMemberAction(raw: z.input<typeof input>): Promise<ActionResult<{ login: string }>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid request.");
  const ctx = await orgContext(parsed.data.org);
  if (!ctx) return notFoundResult();
  let login: string;
  try {
    ({ login } = await removeMember(ctx.actor, ctx.org, parsed.data.userId));
  } catch (err) {
    return serviceErrorResult(err, "remove member");
  }
  revalidatePath(`/${encodeURIComponent(ctx.org)}/settings/members`);
  return { ok: true, data: { login } };
}
