// Ending a membership: an org admin removes a member, or a member leaves. Their team memberships
// and their own grants on the organization's environments go in the same transaction (left
// behind, they would come back into force if the person were ever added again). Access tokens
// belong to the user, not the organization, so nothing else needs revoking: every request checks
// membership (lib/orgs/memberships.ts), and from the commit on the organization is "not found"
// to them. The organization keeps at least one admin (lib/orgs/last-admin.ts).
import { rolesInTransaction } from "./roles-in-transaction";
import { getDb, type Db } from "@/lib/db/client";
import { audited } from "@/lib/environments/audit";
import { ForbiddenError } from "@/lib/environments/errors";
import { checkActor } from "@/lib/environments/scope";
import type { Actor } from "@/lib/environments/types";
import { membershipTransaction, requireAnotherAdmin } from "./last-admin";
import { requireMembership } from "./memberships";
import { orgMember } from "./teams";

export interface RemovedMember {
  userId: string;
  login: string;
  /** How many of the organization's teams they were taken out of. */
  teams: number;
  /** How many grants on the organization's environments they lost. */
  grants: number;
}

/**
 * Removes `userId` from `orgName`. Org admins may remove anyone (themselves included, while
 * another admin remains); anyone else only themselves (see leaveOrganization). Audited as
 * `member.remove`, naming the person and what went with the membership.
 */
export function removeMember(
  actor: Actor,
  orgName: string,
  userId: string,
  db: Db = getDb(),
): Promise<RemovedMember> {
  return audited(
    db,
    actor,
    orgName,
    "member.remove",
    `user:${String(userId).slice(0, 100)}`,
    () => endMembership(actor, orgName, userId, db),
    describe,
  );
}

/** The caller leaves `orgName` (any member may; the last admin may not). Audited as `member.leave`. */
export function leaveOrganization(actor: Actor, orgName: string, db: Db = getDb()): Promise<RemovedMember> {
  return audited(
    db,
    actor,
    orgName,
    "member.leave",
    `user:${String(actor?.userId).slice(0, 100)}`,
    () => endMembership(actor, orgName, actor.userId, db),
    describe,
  );
}

const describe = (r: RemovedMember) => ({ target: `user:${r.login} teams:${r.teams} grants:${r.grants}` });

async function endMembership(actor: Actor, orgName: string, userId: string, db: Db): Promise<RemovedMember> {
  checkActor(actor);
  const me = await requireMembership(actor.userId, orgName, db);
  const self = userId === actor.userId;
  if (!self && me.role !== "admin") throw new ForbiddenError("only organization admins can remove members");
  const target = await orgMember(db, me.orgId, userId);
  const orgId = me.orgId;
  return membershipTransaction(db, async (tx) => {
    const { mine, theirs } = await rolesInTransaction(tx, orgId, actor.userId, target.id);
    if (!self && mine.role !== "admin") throw new ForbiddenError("only organization admins can remove members");
    if (theirs.role === "admin") await requireAnotherAdmin(tx, orgId, target.id, self ? "you" : target.login);
    const teams = await tx.teamMember.deleteMany({ where: { userId: target.id, team: { orgId } } });
    const grants = await tx.environmentPermission.deleteMany({ where: { userId: target.id, environment: { orgId } } });
    await tx.membership.delete({ where: { id: theirs.id } });
    return { userId: target.id, login: target.login, teams: teams.count, grants: grants.count };
  });
}
