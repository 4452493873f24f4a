// The first step of every service call: the actor must be a member of the organization, the
// environment is looked up by organization id, so no query can reach another tenant's rows, and
// the actor's permission on it (lib/orgs/permissions.ts) must reach the level the call needs.
import type { Db } from "@/lib/db/client";
import { asBoolean, asDate, fastSql } from "@/lib/db/fast-sql";
import { organizationNotFound, requireMembership, type MembershipInfo } from "@/lib/orgs/memberships";
import type { OrgRole } from "@/lib/orgs/roles";
import {
  allows,
  effectivePermission,
  GRANTABLE_PERMISSIONS,
  orgDefaultPermission,
  type EnvironmentPermission,
} from "@/lib/orgs/permissions";
import type { JoinedReads, ScopeJoin, ScopeJoins } from "./scope-join";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors";
import type { Actor } from "./types";

export function checkActor(actor: Actor): void {
  if (!actor || typeof actor.userId !== "string" || actor.userId.length === 0)
    throw new ValidationError("no acting user");
}

export async function orgScope(db: Db, actor: Actor, orgName: string): Promise<MembershipInfo> {
  checkActor(actor);
  return requireMembership(actor.userId, orgName, db);
}

export const environmentNotFound = (project: string, name: string) =>
  new NotFoundError(`environment "${String(project).slice(0, 100)}/${String(name).slice(0, 100)}" not found`);

export interface ScopedEnvironment {
  membership: MembershipInfo;
  /** The actor's effective permission on the environment (at least the level asked for). */
  permission: EnvironmentPermission;
  env: {
    id: string;
    orgId: string;
    project: string;
    name: string;
    createdAt: Date;
    updatedAt: Date;
    deletionProtected: boolean;
  };
}

/** What the actor lacks, said without revealing more than they may already see. */
export function permissionDenied(need: EnvironmentPermission, have: EnvironmentPermission): ForbiddenError {
  return new ForbiddenError(
    `this needs "${need}" permission on the environment; you have "${have}" (ask an organization admin)`,
  );
}

/**
 * The environment `project/name` of `orgName`, if the actor is a member whose permission on it
 * is at least `need`. NotFoundError when it is missing, the actor is not a member, or their
 * permission is "none" (all three look the same); ForbiddenError when they may see it but `need`
 * is more than they have. `joins` are read in the same statement (lib/environments/scope-join.ts)
 * and come back as `joined`.
 */
export async function environmentScope<J extends ScopeJoins = Record<never, never>>(
  db: Db,
  actor: Actor,
  orgName: string,
  project: string,
  name: string,
  need: EnvironmentPermission,
  joins?: J,
): Promise<ScopedEnvironment & { joined: JoinedReads<J> }> {
  checkActor(actor);
  // Names longer than the rules allow cannot exist: answer without sending them to the database
  // (after the membership check, so an outsider learns nothing more than "not found").
  if (!isPlausibleName(orgName) || !isPlausibleName(project) || !isPlausibleName(name)) {
    await orgScope(db, actor, orgName);
    throw environmentNotFound(String(project), String(name));
  }
  const joinList = Object.entries(joins ?? {}).filter(
    (entry): entry is [string, ScopeJoin<unknown>] => entry[1] !== undefined,
  );
  const [row] = await fastSql(db).rows<ScopeRow>(
    `SELECT ${SCOPE_COLUMNS}${joinList.map(([, j]) => j.columns).join("")} ${SCOPE_FROM}${joinList.map(([, j]) => j.joins).join("")}${SCOPE_WHERE}`,
    [project, name, ...joinList.flatMap(([, j]) => j.params), actor.userId, orgName],
  );
  if (!row) throw organizationNotFound(orgName);
  const membership: MembershipInfo = {
    orgId: row.orgId,
    orgName,
    role: row.role as OrgRole,
    createdAt: asDate(row.memberSince),
  };
  if (row.id === null) throw environmentNotFound(project, name);
  const rank = row.grantRank === null ? 0 : Number(row.grantRank);
  const grants = rank > 0 ? [{ permission: GRANTABLE_PERMISSIONS[rank - 1] }] : [];
  const permission = effectivePermission(membership.role, row.orgDefault, grants);
  if (permission === "none") throw environmentNotFound(project, name);
  if (!allows(permission, need)) throw permissionDenied(need, permission);
  const env = {
    id: row.id,
    orgId: row.orgId,
    project: row.project,
    name: row.name,
    createdAt: asDate(row.createdAt),
    updatedAt: asDate(row.updatedAt),
    deletionProtected: asBoolean(row.deletionProtected),
  };
  const joined = Object.fromEntries(joinList.map(([key, j]) => [key, j.read(row)])) as JoinedReads<J>;
  return { membership, permission, env, joined };
}

const isPlausibleName = (value: unknown): value is string =>
  typeof value === "string" && value.length > 0 && value.length <= 100;

// The reads every environment call makes, in one statement through the driver
// (lib/db/fast-sql.ts): the caller's membership, the environment with its organization's default
// permission, and the highest of the grants on it that apply to the caller (their own and their
// teams', grantsFor; not read for org admins, who have admin on everything).

/** The grants' levels ranked in SQL, highest wins; unknown stored values rank as nothing. */
const GRANT_RANK = `CASE p."permission" ${GRANTABLE_PERMISSIONS.map((level, i) => `WHEN '${level}' THEN ${i + 1}`).join(" ")} ELSE 0 END`;

const HIGHEST_GRANT = `CASE WHEN m."role" = 'admin' THEN NULL ELSE (SELECT MAX(${GRANT_RANK}) FROM "EnvironmentPermission" p WHERE p."environmentId" = e."id" AND (p."userId" = m."userId" OR p."teamId" IN (SELECT t."teamId" FROM "TeamMember" t WHERE t."userId" = m."userId"))) END AS "grantRank"`;

const SCOPE_COLUMNS = `m."role", m."createdAt" AS "memberSince", o."id" AS "orgId", o."defaultEnvironmentPermission" AS "orgDefault", e."id", e."project", e."name", e."createdAt", e."updatedAt", e."deletionProtected", ${HIGHEST_GRANT}`;

const SCOPE_FROM = `FROM "Membership" m JOIN "Organization" o ON o."id" = m."orgId" LEFT JOIN "Environment" e ON e."orgId" = o."id" AND e."project" = ? AND e."name" = ?`;

const SCOPE_WHERE = ` WHERE m."userId" = ? AND o."name" = ?`;

interface ScopeRow extends Record<string, unknown> {
  role: string;
  memberSince: unknown;
  orgId: string;
  orgDefault: string;
  id: string | null;
  project: string;
  name: string;
  createdAt: unknown;
  updatedAt: unknown;
  deletionProtected: unknown;
  grantRank: number | string | null;
}

/**
 * The organization, if the actor may create environments in it: organization admins, and
 * members when the organization's default permission is at least "write" (the creator then gets
 * admin on what they created, see createEnvironment). ForbiddenError otherwise.
 */
export async function environmentCreationScope(
  db: Db,
  actor: Actor,
  orgName: string,
): Promise<MembershipInfo> {
  const membership = await orgScope(db, actor, orgName);
  if (membership.role === "admin") return membership;
  const orgDefault = await orgDefaultPermission(db, membership.orgId);
  if (!allows(orgDefault, "write"))
    throw new ForbiddenError("only organization admins can create environments in this organization");
  return membership;
}

/** The newest revision number of an environment (every environment has revision 1 at least). */
export async function latestRevisionNumber(db: Db, environmentId: string): Promise<number> {
  const head = await db.revision.findFirst({
    where: { environmentId },
    orderBy: { number: "desc" },
    select: { number: true },
  });
  return head?.number ?? 0;
}
