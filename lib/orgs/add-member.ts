import { getDb, type Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/environments/errors";
import { normalizeEmail } from "@/lib/auth/users";
import { audited } from "@/lib/environments/audit";
import type { Actor } from "@/lib/environments/types";
import { requireMembership, type MembershipInfo } from "./memberships";
import { isOrgRole, type OrgRole } from "./roles";

/**
 * Adds the user with `userEmail` to `orgName` with `role`. Only an admin of the organization may.
 * `by` is the acting admin (a bare user id from admin commands); the attempt is audited.
 */
export function addMember(
  by: string | Actor,
  orgName: string,
  userEmail: string,
  role: OrgRole,
  db: Db = getDb(),
): Promise<MembershipInfo> {
  const actor: Actor = typeof by === "string" ? { userId: by } : by;
  return audited(
    db,
    actor,
    orgName,
    "member.add",
    `${String(userEmail).trim().slice(0, 320)} as ${String(role).slice(0, 20)}`,
    () => addMemberUnaudited(actor.userId, orgName, userEmail, role, db),
  );
}

async function addMemberUnaudited(
  actorUserId: string,
  orgName: string,
  userEmail: string,
  role: OrgRole,
  db: Db,
): Promise<MembershipInfo> {
  const actor = await requireMembership(actorUserId, orgName, db);
  if (actor.role !== "admin") throw new ForbiddenError("only an admin of the organization can add members");
  if (!isOrgRole(role)) throw new ValidationError('the role must be "admin" or "member"');
  const user = await db.user.findUnique({
    where: { email: normalizeEmail(userEmail) },
    select: { id: true },
  });
  if (!user) throw new NotFoundError("no user with this email address");
  try {
    const row = await db.membership.create({
      data: { userId: user.id, orgId: actor.orgId, role },
      select: { createdAt: true },
    });
    return { orgId: actor.orgId, orgName: actor.orgName, role, createdAt: row.createdAt };
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError("this user is already a member of the organization");
    throw error;
  }
}
