// Who belongs to which organization. Every org-scoped service call starts here: a caller who is
// not a member is told the organization does not exist (NotFoundError), exactly as if it didn't.
import { getDb, type Db } from "@/lib/db/client";
import { asDate, fastSql } from "@/lib/db/fast-sql";
import { NotFoundError } from "@/lib/environments/errors";
import type { OrgRole } from "./roles";

export interface MembershipInfo {
  orgId: string;
  orgName: string;
  role: OrgRole;
  createdAt: Date;
}

const select = { role: true, createdAt: true, org: { select: { id: true, name: true } } } as const;

function toInfo(row: { role: string; createdAt: Date; org: { id: string; name: string } }): MembershipInfo {
  return { orgId: row.org.id, orgName: row.org.name, role: row.role as OrgRole, createdAt: row.createdAt };
}

/** The user's organizations, oldest membership first (the first is the user's default). */
export async function listMemberships(userId: string, db: Db = getDb()): Promise<MembershipInfo[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    select,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toInfo);
}

/** The user's membership of the organization named `orgName`, or null. */
export async function getMembership(
  userId: string,
  orgName: string,
  db: Db = getDb(),
): Promise<MembershipInfo | null> {
  if (typeof orgName !== "string" || orgName.length === 0 || orgName.length > 100) return null;
  // Every org-scoped call starts here: read through the driver (lib/db/fast-sql.ts). The name
  // matched exactly, so it needs no second query for the organization row.
  const [row] = await fastSql(db).rows<{ role: string; createdAt: unknown; orgId: string }>(
    'SELECT m."role", m."createdAt", m."orgId" FROM "Membership" m JOIN "Organization" o ON o."id" = m."orgId" WHERE m."userId" = ? AND o."name" = ?',
    [userId, orgName],
  );
  return row
    ? { orgId: row.orgId, orgName, role: row.role as OrgRole, createdAt: asDate(row.createdAt) }
    : null;
}

/** getMembership, or NotFoundError naming the organization (the same for "missing" and "not yours"). */
export async function requireMembership(
  userId: string,
  orgName: string,
  db: Db = getDb(),
): Promise<MembershipInfo> {
  const membership = await getMembership(userId, orgName, db);
  if (!membership) throw organizationNotFound(orgName);
  return membership;
}

/** The answer for an organization that is missing or not the caller's (the two look the same). */
export const organizationNotFound = (orgName: unknown) =>
  new NotFoundError(`organization "${String(orgName).slice(0, 100)}" not found`);
