"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { grantEnvironmentPermission } from "@/lib/orgs/environment-grants";
import { GRANTABLE_PERMISSIONS } from "@/lib/orgs/permissions";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";
import { granteeInput, toGrantee } from "@/lib/actions/grantee";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
  grantee: granteeInput,
  permission: z.enum(GRANTABLE_PERMISSIONS),
});

/** Grants a team or a member a permission on one environment. Needs admin on it (the service checks). */
export async function grantPermissionAction(raw: z.input<typeof input>): Promise<ActionResult<null>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success)
    return fail(400, `Choose a team or member and one of ${GRANTABLE_PERMISSIONS.join(", ")}.`);
  const { org, project, env, grantee, permission } = parsed.data;
  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  try {
    await grantEnvironmentPermission(ctx.actor, ctx.org, project, env, toGrantee(grantee), permission);
  } catch (err) {
    return serviceErrorResult(err, "grant permission");
  }
  revalidatePath(
    `/${encodeURIComponent(ctx.org)}/environments/${encodeURIComponent(project)}/${encodeURIComponent(env)}/access`,
  );
  return { ok: true, data: null };
}
