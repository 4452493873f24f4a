// Per-environment permissions, modelled on the reference (Pulumi Cloud): every member has the
// organization's default permission on every environment, teams and single members may be
// granted more on one environment, and organization admins have admin on everything. What a
// caller may do is the highest of those. The levels are ordered; each includes the ones below:
//   none   the environment is invisible (404, as if it did not exist; not listed)
//   read   definition with secrets as ciphertext, revisions, tags, check (secrets masked)
//   open   read + open, decrypt and reveal (plaintext values)
//   write  open + update, tags, retract/rollback
//   admin  write + delete, deletion protection, grants on the environment
import type { Db } from "@/lib/db/client";
import { ValidationError } from "@/lib/environments/errors";
import type { OrgRole } from "./roles";

export const ENVIRONMENT_PERMISSIONS = ["none", "read", "open", "write", "admin"] as const;
export type EnvironmentPermission = (typeof ENVIRONMENT_PERMISSIONS)[number];

/** What a grant may give (a "none" grant would change nothing: the highest level wins). */
export const GRANTABLE_PERMISSIONS = ["read", "open", "write", "admin"] as const;
export type GrantablePermission = (typeof GRANTABLE_PERMISSIONS)[number];

/** The reference's default for members. */
export const DEFAULT_ENVIRONMENT_PERMISSION: EnvironmentPermission = "write";

export function isEnvironmentPermission(value: unknown): value is EnvironmentPermission {
  return typeof value === "string" && (ENVIRONMENT_PERMISSIONS as readonly string[]).includes(value);
}

export function isGrantablePermission(value: unknown): value is GrantablePermission {
  return typeof value === "string" && (GRANTABLE_PERMISSIONS as readonly string[]).includes(value);
}

/** A stored value as a level; anything unknown counts as "none" (fail closed). */
export function asPermission(value: unknown): EnvironmentPermission {
  return isEnvironmentPermission(value) ? value : "none";
}

const rank = (p: EnvironmentPermission) => ENVIRONMENT_PERMISSIONS.indexOf(p);

/** Whether `have` allows what `need` allows. */
export function allows(have: EnvironmentPermission, need: EnvironmentPermission): boolean {
  return rank(have) >= rank(need);
}

export function highestPermission(levels: Iterable<unknown>): EnvironmentPermission {
  let best: EnvironmentPermission = "none";
  for (const level of levels) {
    const p = asPermission(level);
    if (rank(p) > rank(best)) best = p;
  }
  return best;
}

export function validateGrantablePermission(value: unknown): GrantablePermission {
  if (!isGrantablePermission(value))
    throw new ValidationError(`the permission must be one of ${GRANTABLE_PERMISSIONS.join(", ")}`);
  return value;
}

export function validateDefaultPermission(value: unknown): EnvironmentPermission {
  if (!isEnvironmentPermission(value))
    throw new ValidationError(`the default permission must be one of ${ENVIRONMENT_PERMISSIONS.join(", ")}`);
  return value;
}

/** The grants that apply to `userId`: their own, and those of every team they belong to. */
export const grantsFor = (userId: string) => ({
  OR: [{ userId }, { team: { members: { some: { userId } } } }],
});

/** The effective permission from the pieces a query loaded. */
export function effectivePermission(
  role: OrgRole,
  orgDefault: unknown,
  grants: Iterable<{ permission: string }>,
): EnvironmentPermission {
  if (role === "admin") return "admin";
  return highestPermission([orgDefault, ...[...grants].map((g) => g.permission)]);
}

/** The organization's default permission for members. */
export async function orgDefaultPermission(db: Db, orgId: string): Promise<EnvironmentPermission> {
  const org = await db.organization.findUnique({
    where: { id: orgId },
    select: { defaultEnvironmentPermission: true },
  });
  return asPermission(org?.defaultEnvironmentPermission);
}

/**
 * The grant a new environment is created with: a member who creates (or clones) an environment
 * gets admin on it, as in the reference, so they can manage and delete what they made. Org admins
 * have admin everywhere already. For Prisma's nested `permissions` create.
 */
export function creatorGrant(role: OrgRole, userId: string) {
  return role === "admin" ? undefined : { create: [{ userId, permission: "admin" }] };
}
