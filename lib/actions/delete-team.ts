"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { deleteTeam } from "@/lib/orgs/teams";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({ org: z.string().min(1).max(100), team: z.string().min(1).max(100) });

/** Deletes a team and its grants. Org admins only (the service checks). */
export async function deleteTeamAction(raw: z.input<typeof input>): Promise<ActionResult<null>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid request.");
  const ctx = await orgContext(parsed.data.org);
  if (!ctx) return notFoundResult();
  try {
    await deleteTeam(ctx.actor, ctx.org, parsed.data.team);
  } catch (err) {
    return serviceErrorResult(err, "delete team");
  }
  revalidatePath(`/${encodeURIComponent(ctx.org)}/settings/teams`);
  return { ok: true, data: null };
}
