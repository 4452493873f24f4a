// Changing a member's organization role (admin <-> member). Org admins only; the organization
// keeps at least one admin (lib/orgs/last-admin.ts), so the last admin cannot be demoted, by
// themselves or anyone. Audited as `member.role` with the person and both roles.
import { rolesInTransaction } from "./roles-in-transaction";
import { getDb, type Db } from "@/lib/db/client";
import { audited } from "@/lib/environments/audit";
import { ForbiddenError, ValidationError } from "@/lib/environments/errors";
import { checkActor } from "@/lib/environments/scope";
import type { Actor } from "@/lib/environments/types";
import { membershipTransaction, requireAnotherAdmin } from "./last-admin";
import { requireMembership } from "./memberships";
import { isOrgRole, type OrgRole } from "./roles";
import { orgMember } from "./teams";

export interface RoleChange {
  userId: string;
  login: string;
  from: OrgRole;
  to: OrgRole;
}

export function changeMemberRole(
  actor: Actor,
  orgName: string,
  userId: string,
  role: OrgRole,
  db: Db = getDb(),
): Promise<RoleChange> {
  return audited(
    db,
    actor,
    orgName,
    "member.role",
    `user:${String(userId).slice(0, 100)} ->${String(role).slice(0, 20)}`,
    () => change(actor, orgName, userId, role, db),
    (c) => ({ target: `user:${c.login} ${c.from}->${c.to}` }),
  );
}

async function change(actor: Actor, orgName: string, userId: string, role: OrgRole, db: Db): Promise<RoleChange> {
  checkActor(actor);
  const me = await requireMembership(actor.userId, orgName, db);
  if (me.role !== "admin") throw new ForbiddenError("only organization admins can change roles");
  if (!isOrgRole(role)) throw new ValidationError('the role must be "admin" or "member"');
  const target = await orgMember(db, me.orgId, userId);
  const orgId = me.orgId;
  return membershipTransaction(db, async (tx) => {
    const { mine, theirs } = await rolesInTransaction(tx, orgId, actor.userId, target.id);
    if (mine.role !== "admin") throw new ForbiddenError("only organization admins can change roles");
    const from = theirs.role as OrgRole;
    if (from === "admin" && role !== "admin")
      await requireAnotherAdmin(tx, orgId, target.id, target.id === actor.userId ? "you" : target.login);
    if (from !== role) await tx.membership.update({ where: { id: theirs.id }, data: { role } });
    return { userId: target.id, login: target.login, from, to: role };
  });
}
