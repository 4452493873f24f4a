"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { leaveOrganization } from "@/lib/orgs/remove-member";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({ org: z.string().min(1).max(100) });

/**
 * The caller leaves the organization (any member; not the last admin). The page then sends them
 * to `/`, which opens their next organization, if any.
 */
export async function leaveOrganizationAction(raw: z.input<typeof input>): Promise<ActionResult<null>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid request.");
  const ctx = await orgContext(parsed.data.org);
  if (!ctx) return notFoundResult();
  try {
    await leaveOrganization(ctx.actor, ctx.org);
  } catch (err) {
    return serviceErrorResult(err, "leave organization");
  }
  // Every page of the organization (and the switcher in the layout) changes for the caller.
  revalidatePath(`/${encodeURIComponent(ctx.org)}`, "layout");
  return { ok: true, data: null };
}
