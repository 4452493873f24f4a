// An organization's audit log, filtered and paged, for its admins (the page and the CSV export).
// The log holds the organization's own events plus the account events (sign-ins, access tokens)
// of its current members, which belong to no organization. Nothing here changes or deletes an
// event: the trail is append-only through the product.
import type { Db } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/environments/errors";
import { requireMembership } from "@/lib/orgs/memberships";
import type { AuditResult } from "@/lib/db/audit";
import type { AuditCursor, AuditFilters } from "./filters";

export interface AuditEntry {
  id: string;
  createdAt: Date;
  action: string;
  target: string | null;
  result: AuditResult;
  ip: string | null;
  userAgent: string | null;
  /** The acting user, or null (an attempt naming no account, or a deleted user: see actorUserId). */
  actor: { id: string; login: string; name: string; email: string } | null;
  actorUserId: string | null;
  actorTokenId: string | null;
  /** The description of the token that acted, when it still exists. */
  tokenDescription: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: AuditCursor;
}

export const MAX_AUDIT_PAGE = 500;

/** The organization's id, if `userId` is one of its admins; NotFound/Forbidden otherwise. */
export async function requireAuditReader(db: Db, userId: string, orgName: string): Promise<string> {
  const membership = await requireMembership(userId, orgName, db);
  if (membership.role !== "admin")
    throw new ForbiddenError("only organization admins can read the audit log");
  return membership.orgId;
}

async function memberIds(db: Db, orgId: string): Promise<string[]> {
  const rows = await db.membership.findMany({ where: { orgId }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

/**
 * The Prisma `where` for the organization's log under `filters`. On SQLite `startsWith` is
 * LIKE, which ignores ASCII case: there the environment filter also matches `Dev/x` for `dev/x`.
 */
async function auditWhere(db: Db, orgId: string, filters: AuditFilters, before?: AuditCursor) {
  const members = await memberIds(db, orgId);
  const and: object[] = [{ OR: [{ orgId }, { orgId: null, actorUserId: { in: members } }] }];
  if (filters.user) {
    const user = await db.user.findUnique({ where: { login: filters.user }, select: { id: true } });
    // An unknown login matches nothing (not everything).
    and.push({ actorUserId: user?.id ?? "-" });
  }
  if (filters.environment) {
    const env = filters.environment;
    and.push({
      OR: [{ target: env }, { target: { startsWith: `${env}@` } }, { target: { startsWith: `${env} ` } }],
    });
  }
  if (filters.action)
    and.push({ OR: [{ action: filters.action }, { action: { startsWith: `${filters.action}.` } }] });
  if (filters.result) and.push({ result: filters.result });
  if (filters.from) and.push({ createdAt: { gte: filters.from } });
  if (filters.to) and.push({ createdAt: { lt: filters.to } });
  if (before) {
    and.push({
      OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }],
    });
  }
  return { AND: and };
}

/** One page of `orgId`'s log, newest first. */
export async function queryAuditLog(
  db: Db,
  orgId: string,
  filters: AuditFilters,
  page: { before?: AuditCursor; count?: number } = {},
): Promise<AuditPage> {
  const count = Math.min(Math.max(Math.trunc(page.count ?? 50), 1), MAX_AUDIT_PAGE);
  const rows = await db.auditEvent.findMany({
    where: await auditWhere(db, orgId, filters, page.before),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: count + 1,
  });
  const more = rows.length > count;
  const pageRows = rows.slice(0, count);
  const userIds = [...new Set(pageRows.map((r) => r.actorUserId).filter((id): id is string => id !== null))];
  const tokenIds = [
    ...new Set(pageRows.map((r) => r.actorTokenId).filter((id): id is string => id !== null)),
  ];
  const [users, tokens] = await Promise.all([
    userIds.length
      ? db.user.findMany({
          where: { id: { in: userIds } },
          select: { id: true, login: true, name: true, email: true },
        })
      : [],
    tokenIds.length
      ? db.accessToken.findMany({ where: { id: { in: tokenIds } }, select: { id: true, description: true } })
      : [],
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const tokenById = new Map(tokens.map((t) => [t.id, t.description]));
  const entries = pageRows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt,
    action: r.action,
    target: r.target,
    result: r.result as AuditResult,
    ip: r.ip,
    userAgent: r.userAgent,
    actor: r.actorUserId ? (userById.get(r.actorUserId) ?? null) : null,
    actorUserId: r.actorUserId,
    actorTokenId: r.actorTokenId,
    tokenDescription: r.actorTokenId ? (tokenById.get(r.actorTokenId) ?? null) : null,
  }));
  const last = pageRows[pageRows.length - 1];
  return { entries, next: more && last ? { createdAt: last.createdAt, id: last.id } : undefined };
}

/** Every matching entry, page by page (the CSV export streams these). */
export async function* allAuditEntries(
  db: Db,
  orgId: string,
  filters: AuditFilters,
): AsyncGenerator<AuditEntry> {
  let before: AuditCursor | undefined;
  do {
    const page = await queryAuditLog(db, orgId, filters, { before, count: MAX_AUDIT_PAGE });
    yield* page.entries;
    before = page.next;
  } while (before);
}

/** The actions recorded so far in the organization's log, for the filter's choices. */
export async function auditActions(db: Db, orgId: string): Promise<string[]> {
  const rows = await db.auditEvent.findMany({
    where: { orgId },
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
    take: 200,
  });
  return [...new Set(["user.sign_in", "token.create", "token.revoke", ...rows.map((r) => r.action)])].sort();
}
