// Teams: named groups of an organization's members, so a permission on an environment can be
// granted to many people at once (lib/orgs/environment-grants.ts). Managed by org admins; every
// change is recorded in the audit trail.
import { getDb, type Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { auditEnvironmentChange } from "@/lib/environments/audit";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/environments/errors";
import type { Actor } from "@/lib/environments/types";
import { auditingFailures, orgAdminScope } from "./org-admin";

const TEAM_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-_.]{0,38}[a-zA-Z0-9]$|^[a-zA-Z0-9]$/;

export function validateTeamName(name: unknown): string {
  if (typeof name !== "string" || name.length === 0) throw new ValidationError("team name must not be empty");
  if (!TEAM_NAME.test(name))
    throw new ValidationError(
      "team name must be 1 to 40 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
    );
  return name;
}

export interface TeamMemberInfo {
  userId: string;
  login: string;
  name: string;
  email: string;
}

export interface TeamInfo {
  id: string;
  name: string;
  description: string;
  created: Date;
  members: TeamMemberInfo[];
  /** How many environments the team holds a grant on. */
  grantCount: number;
}

/** The organization's teams with their members, by name. Org admins only. */
export async function listTeams(actor: Actor, orgName: string, db: Db = getDb()): Promise<TeamInfo[]> {
  const membership = await orgAdminScope(db, actor, orgName, "see teams");
  const rows = await db.team.findMany({
    where: { orgId: membership.orgId },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      createdAt: true,
      _count: { select: { permissions: true } },
      members: {
        orderBy: { createdAt: "asc" },
        select: { user: { select: { id: true, login: true, name: true, email: true } } },
      },
    },
  });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    created: t.createdAt,
    grantCount: t._count.permissions,
    members: t.members.map((m) => ({
      userId: m.user.id,
      login: m.user.login,
      name: m.user.name,
      email: m.user.email,
    })),
  }));
}

async function createTeamUnaudited(
  actor: Actor,
  orgName: string,
  name: string,
  description = "",
  db: Db = getDb(),
): Promise<{ id: string; name: string }> {
  const membership = await orgAdminScope(db, actor, orgName, "manage teams");
  validateTeamName(name);
  if (typeof description !== "string" || description.length > 500)
    throw new ValidationError("team description must be at most 500 characters");
  try {
    const team = await db.team.create({
      data: { orgId: membership.orgId, name, description },
      select: { id: true, name: true },
    });
    await auditEnvironmentChange(db, actor, membership.orgId, "team.create", `team:${name}`);
    return team;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`a team named "${name}" already exists`);
    throw error;
  }
}

/** The team `name` of the organization, or NotFoundError. */
async function teamIn(db: Db, orgId: string, name: string): Promise<{ id: string; name: string }> {
  if (typeof name !== "string" || name.length === 0 || name.length > 100)
    throw new NotFoundError("team not found");
  const team = await db.team.findUnique({
    where: { orgId_name: { orgId, name } },
    select: { id: true, name: true },
  });
  if (!team) throw new NotFoundError(`team "${name}" not found`);
  return team;
}

/** Deletes the team, its memberships and its grants (its members keep their other access). */
async function deleteTeamUnaudited(
  actor: Actor,
  orgName: string,
  name: string,
  db: Db = getDb(),
): Promise<void> {
  const membership = await orgAdminScope(db, actor, orgName, "manage teams");
  const team = await teamIn(db, membership.orgId, name);
  await db.team.deleteMany({ where: { id: team.id, orgId: membership.orgId } });
  await auditEnvironmentChange(db, actor, membership.orgId, "team.delete", `team:${team.name}`);
}

/** Adds a member of the organization to the team. */
async function addTeamMemberUnaudited(
  actor: Actor,
  orgName: string,
  teamName: string,
  userId: string,
  db: Db = getDb(),
): Promise<void> {
  const membership = await orgAdminScope(db, actor, orgName, "manage teams");
  const team = await teamIn(db, membership.orgId, teamName);
  const member = await orgMember(db, membership.orgId, userId);
  try {
    await db.teamMember.create({ data: { teamId: team.id, userId: member.id } });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(`${member.login} is already in team "${team.name}"`);
    throw error;
  }
  await auditEnvironmentChange(
    db,
    actor,
    membership.orgId,
    "team.member.add",
    `team:${team.name} user:${member.login}`,
  );
}

async function removeTeamMemberUnaudited(
  actor: Actor,
  orgName: string,
  teamName: string,
  userId: string,
  db: Db = getDb(),
): Promise<void> {
  const membership = await orgAdminScope(db, actor, orgName, "manage teams");
  const team = await teamIn(db, membership.orgId, teamName);
  const user =
    typeof userId === "string"
      ? await db.user.findUnique({ where: { id: userId }, select: { login: true } })
      : null;
  const { count } = await db.teamMember.deleteMany({ where: { teamId: team.id, userId } });
  if (count === 0) throw new NotFoundError("that user is not in this team");
  await auditEnvironmentChange(
    db,
    actor,
    membership.orgId,
    "team.member.remove",
    `team:${team.name} user:${user?.login ?? userId}`,
  );
}

/** A user who is a member of the organization `orgId`, or NotFoundError. */
export async function orgMember(
  db: Db,
  orgId: string,
  userId: unknown,
): Promise<{ id: string; login: string }> {
  if (typeof userId !== "string" || userId.length === 0 || userId.length > 100)
    throw new NotFoundError("no such member of the organization");
  const row = await db.membership.findFirst({
    where: { orgId, userId },
    select: { user: { select: { id: true, login: true } } },
  });
  if (!row) throw new NotFoundError("no such member of the organization");
  return row.user;
}

/** Runs a team change, recording it (and a refusal or failure) in the audit trail under the team's name. */
function auditTeamChange<T>(
  db: Db | undefined,
  actor: Actor,
  orgName: string,
  action: string,
  team: unknown,
  run: () => Promise<T>,
): Promise<T> {
  return auditingFailures(db ?? getDb(), actor, orgName, action, `team:${String(team).slice(0, 100)}`, run);
}

export function createTeam(
  ...args: Parameters<typeof createTeamUnaudited>
): ReturnType<typeof createTeamUnaudited> {
  return auditTeamChange(args[4], args[0], args[1], "team.create", args[2], () =>
    createTeamUnaudited(...args),
  );
}

export function deleteTeam(
  ...args: Parameters<typeof deleteTeamUnaudited>
): ReturnType<typeof deleteTeamUnaudited> {
  return auditTeamChange(args[3], args[0], args[1], "team.delete", args[2], () =>
    deleteTeamUnaudited(...args),
  );
}

export function addTeamMember(
  ...args: Parameters<typeof addTeamMemberUnaudited>
): ReturnType<typeof addTeamMemberUnaudited> {
  return auditTeamChange(args[4], args[0], args[1], "team.member.add", args[2], () =>
    addTeamMemberUnaudited(...args),
  );
}

export function removeTeamMember(
  ...args: Parameters<typeof removeTeamMemberUnaudited>
): ReturnType<typeof removeTeamMemberUnaudited> {
  return auditTeamChange(args[4], args[0], args[1], "team.member.remove", args[2], () =>
    removeTeamMemberUnaudited(...args),
  );
}
