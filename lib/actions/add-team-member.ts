"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { addTeamMember } from "@/lib/orgs/teams";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({
  org: z.string().min(1).max(100),
  team: z.string().min(1).max(100),
  userId: z.string().min(1).max(100),
});

/** Adds a member of the organization to a team. Org admins only (the service checks). */
export async function addTeamMemberAction(raw: z.input<typeof input>): Promise<ActionResult<null>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Choose a member to add.");
  const ctx = await orgContext(parsed.data.org);
  if (!ctx) return notFoundResult();
  try {
    await addTeamMember(ctx.actor, ctx.org, parsed.data.team, parsed.data.userId);
  } catch (err) {
    return serviceErrorResult(err, "add team member");
  }
  revalidatePath(`/${encodeURIComponent(ctx.org)}/settings/teams`);
  return { ok: true, data: null };
}
