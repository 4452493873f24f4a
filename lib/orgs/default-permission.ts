// The organization-wide default permission: what every member may do on every environment unless a
// grant gives them more (lib/orgs/permissions.ts). Any member may see it; admins change it.
import { getDb, type Db } from "@/lib/db/client";
import { auditEnvironmentChange } from "@/lib/environments/audit";
import { orgScope } from "@/lib/environments/scope";
import type { Actor } from "@/lib/environments/types";
import { auditingFailures, orgAdminScope } from "./org-admin";
import { orgDefaultPermission, validateDefaultPermission, type EnvironmentPermission } from "./permissions";

export async function getDefaultPermission(
  actor: Actor,
  orgName: string,
  db: Db = getDb(),
): Promise<EnvironmentPermission> {
  const membership = await orgScope(db, actor, orgName);
  return orgDefaultPermission(db, membership.orgId);
}

async function setDefaultPermissionUnaudited(
  actor: Actor,
  orgName: string,
  permission: EnvironmentPermission,
  db: Db = getDb(),
): Promise<EnvironmentPermission> {
  const membership = await orgAdminScope(db, actor, orgName, "change the default permission");
  const level = validateDefaultPermission(permission);
  const before = await orgDefaultPermission(db, membership.orgId);
  await db.organization.update({
    where: { id: membership.orgId },
    data: { defaultEnvironmentPermission: level },
  });
  await auditEnvironmentChange(
    db,
    actor,
    membership.orgId,
    "permission.default",
    `default:${before}->${level}`,
  );
  return level;
}

export function setDefaultPermission(
  ...args: Parameters<typeof setDefaultPermissionUnaudited>
): ReturnType<typeof setDefaultPermissionUnaudited> {
  return auditingFailures(
    args[3] ?? getDb(),
    args[0],
    args[1],
    "permission.default",
    `default->${String(args[2]).slice(0, 20)}`,
    () => setDefaultPermissionUnaudited(...args),
  );
}
