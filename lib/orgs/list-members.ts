// The members of an organization, for its members page. Added by the console engineer (B2) as
// a new read-only file beside addMember; visible to members only (others get NotFoundError).
import { getDb, type Db } from "@/lib/db/client";
import { requireMembership } from "./memberships";
import type { OrgRole } from "./roles";

export interface MemberInfo {
  userId: string;
  email: string;
  name: string;
  login: string;
  role: OrgRole;
  since: Date;
}

export async function listMembers(actorUserId: string, orgName: string, db: Db = getDb()): Promise<MemberInfo[]> {
  const actor = await requireMembership(actorUserId, orgName, db);
  const rows = await db.membership.findMany({
    where: { orgId: actor.orgId },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true, login: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({ userId: r.user.id, email: r.user.email, name: r.user.name, login: r.user.login, role: r.role as OrgRole, since: r.createdAt }));
}
