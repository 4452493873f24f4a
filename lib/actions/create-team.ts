"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { createTeam } from "@/lib/orgs/teams";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({
  org: z.string().min(1).max(100),
  name: z.string().trim().max(100),
  description: z.string().trim().max(500).default(""),
});

/** Creates a team in the organization. Org admins only (the service checks). */
export async function createTeamAction(raw: z.input<typeof input>): Promise<ActionResult<{ name: string }>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success)
    return fail(400, "Enter a team name (up to 40 characters) and a description of up to 500.");
  const { org, name, description } = parsed.data;
  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  try {
    await createTeam(ctx.actor, ctx.org, name, description);
  } catch (err) {
    return serviceErrorResult(err, "create team");
  }
  revalidatePath(`/${encodeURIComponent(ctx.org)}/settings/teams`);
  return { ok: true, data: { name } };
}
