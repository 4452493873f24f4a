"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { revokeEnvironmentPermission } from "@/lib/orgs/environment-grants";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";
import { granteeInput, toGrantee } from "@/lib/actions/grantee";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
  grantee: granteeInput,
});

/** Removes a team's or member's grant on one environment. Needs admin on it (the service checks). */
export async function revokePermissionAction(raw: z.input<typeof input>): Promise<ActionResult<null>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid request.");
  const { org, project, env, grantee } = parsed.data;
  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  try {
    await revokeEnvironmentPermission(ctx.actor, ctx.org, project, env, toGrantee(grantee));
  } catch (err) {
    return serviceErrorResult(err, "revoke permission");
  }
  revalidatePath(
    `/${encodeURIComponent(ctx.org)}/environments/${encodeURIComponent(project)}/${encodeURIComponent(env)}/access`,
  );
  return { ok: true, data: null };
}
