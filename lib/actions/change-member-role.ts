"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { changeMemberRole } from "@/lib/orgs/change-member-role";
import { ORG_ROLES } from "@/lib/orgs/roles";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({
  org: z.string().min(1).max(100),
  userId: z.string().min(1).max(100),
  role: z.enum(ORG_ROLES),
});

/** Makes a member admin, or an admin member. Org admins only; never the last admin (the service checks both). */
export async function changeMemberRoleAction(raw: z.input<typeof input>): Promise<ActionResult<null>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Choose a role: admin or member.");
  const ctx = await orgContext(parsed.data.org);
  if (!ctx) return notFoundResult();
  try {
    await changeMemberRole(ctx.actor, ctx.org, parsed.data.userId, parsed.data.role);
  } catch (err) {
    return serviceErrorResult(err, "change member role");
  }
  // The caller may have stepped down: their own pages (settings, audit) change too.
  revalidatePath(`/${encodeURIComponent(ctx.org)}`, "layout");
  return { ok: true, data: null };
}
