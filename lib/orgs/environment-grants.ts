// Grants on one environment, to a team or to a single member. Managing them needs admin on the
// environment (org admins have it on every environment; a member who created one has it there).
// Every change is recorded in the audit trail, naming the grantee and the level, never values.
import { getDb, type Db } from "@/lib/db/client";
import { retryOnWriteConflict } from "@/lib/db/errors";
import { audited } from "@/lib/environments/audit";
import { NotFoundError, ValidationError } from "@/lib/environments/errors";
import { environmentScope } from "@/lib/environments/scope";
import type { Actor } from "@/lib/environments/types";
import {
  asPermission,
  validateGrantablePermission,
  type EnvironmentPermission,
  type GrantablePermission,
} from "./permissions";
import { orgMember } from "./teams";

export type Grantee = { team: string } | { userId: string };

export interface EnvironmentGrant {
  permission: EnvironmentPermission;
  team?: { id: string; name: string; memberCount: number };
  user?: { id: string; login: string; name: string; email: string };
  modified: Date;
}

export interface EnvironmentAccess {
  /** The organization's default for members (org admins always have admin). */
  defaultPermission: EnvironmentPermission;
  grants: EnvironmentGrant[];
}

/** Who has been granted what on `project/env`, teams first, each by name. Needs admin on it. */
export async function listEnvironmentGrants(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  db: Db = getDb(),
): Promise<EnvironmentAccess> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "admin");
  const [org, rows] = await Promise.all([
    db.organization.findUniqueOrThrow({
      where: { id: row.orgId },
      select: { defaultEnvironmentPermission: true },
    }),
    db.environmentPermission.findMany({
      where: { environmentId: row.id },
      select: {
        permission: true,
        updatedAt: true,
        team: { select: { id: true, name: true, _count: { select: { members: true } } } },
        user: { select: { id: true, login: true, name: true, email: true } },
      },
    }),
  ]);
  const grants = rows.map((g) => ({
    permission: asPermission(g.permission),
    modified: g.updatedAt,
    team: g.team ? { id: g.team.id, name: g.team.name, memberCount: g.team._count.members } : undefined,
    user: g.user ?? undefined,
  }));
  const key = (g: EnvironmentGrant) => (g.team ? `0${g.team.name}` : `1${g.user?.login ?? ""}`);
  grants.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { defaultPermission: asPermission(org.defaultEnvironmentPermission), grants };
}

async function resolveGrantee(db: Db, orgId: string, grantee: Grantee) {
  if (grantee && "team" in grantee && typeof grantee.team === "string") {
    const team = await db.team.findUnique({
      where: { orgId_name: { orgId, name: grantee.team.slice(0, 100) } },
      select: { id: true, name: true },
    });
    if (!team) throw new NotFoundError(`team "${grantee.team.slice(0, 100)}" not found`);
    return { where: { teamId: team.id }, label: `team:${team.name}` };
  }
  if (grantee && "userId" in grantee) {
    const user = await orgMember(db, orgId, grantee.userId);
    return { where: { userId: user.id }, label: `user:${user.login}` };
  }
  throw new ValidationError("grant to a team or to a member");
}

/** Gives `grantee` `permission` on `project/env` (replacing their earlier grant there). Needs admin on it. */
export function grantEnvironmentPermission(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  grantee: Grantee,
  permission: GrantablePermission,
  db: Db = getDb(),
): Promise<void> {
  // Audited whatever the outcome (a refused grant is recorded as denied); on success the target
  // names the grantee and the level.
  return audited(
    db,
    actor,
    orgName,
    "permission.grant",
    `${project}/${env}`,
    () => grant(actor, orgName, project, env, grantee, permission, db),
    (target) => ({ target }),
  ).then(() => undefined);
}

async function grant(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  grantee: Grantee,
  permission: GrantablePermission,
  db: Db = getDb(),
): Promise<string> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "admin");
  const level = validateGrantablePermission(permission);
  const { where, label } = await resolveGrantee(db, row.orgId, grantee);
  // Update-or-create by hand: the grantee columns are nullable, so there is no compound key to upsert on.
  await retryOnWriteConflict(() =>
    db.$transaction(async (tx) => {
      const { count } = await tx.environmentPermission.updateMany({
        where: { environmentId: row.id, ...where },
        data: { permission: level },
      });
      if (count === 0)
        await tx.environmentPermission.create({
          data: { environmentId: row.id, ...where, permission: level },
        });
    }),
  );
  return `${row.project}/${row.name} ${label}=${level}`;
}

/** Removes `grantee`'s grant on `project/env` (they keep the organization's default). Needs admin on it. */
export function revokeEnvironmentPermission(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  grantee: Grantee,
  db: Db = getDb(),
): Promise<void> {
  return audited(
    db,
    actor,
    orgName,
    "permission.revoke",
    `${project}/${env}`,
    () => revoke(actor, orgName, project, env, grantee, db),
    (target) => ({ target }),
  ).then(() => undefined);
}

async function revoke(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  grantee: Grantee,
  db: Db = getDb(),
): Promise<string> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "admin");
  const { where, label } = await resolveGrantee(db, row.orgId, grantee);
  const { count } = await db.environmentPermission.deleteMany({ where: { environmentId: row.id, ...where } });
  if (count === 0) throw new NotFoundError("there is no such grant on this environment");
  return `${row.project}/${row.name} ${label}`;
}
