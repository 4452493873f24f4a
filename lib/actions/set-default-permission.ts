"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { setDefaultPermission } from "@/lib/orgs/default-permission";
import { ENVIRONMENT_PERMISSIONS, type EnvironmentPermission } from "@/lib/orgs/permissions";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({ org: z.string().min(1).max(100), permission: z.enum(ENVIRONMENT_PERMISSIONS) });

/** Sets what every member may do on every environment by default. Org admins only (the service checks). */
export async function setDefaultPermissionAction(
  raw: z.input<typeof input>,
): Promise<ActionResult<{ permission: EnvironmentPermission }>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, `Choose one of ${ENVIRONMENT_PERMISSIONS.join(", ")}.`);
  const ctx = await orgContext(parsed.data.org);
  if (!ctx) return notFoundResult();
  try {
    const permission = await setDefaultPermission(ctx.actor, ctx.org, parsed.data.permission);
    revalidatePath(`/${encodeURIComponent(ctx.org)}`, "layout");
    return { ok: true, data: { permission } };
  } catch (err) {
    return serviceErrorResult(err, "set default permission");
  }
}
