// Personal access tokens for the REST API, the CLI and the SDKs.
// A token is shown once at creation; only its SHA-256 is stored, so a database leak reveals no
// usable credential. A token authenticates as the user who created it (the Actor carries the
// token id so audit events can tell which token acted).
import { createHash, randomBytes } from "node:crypto";
import { getDb, type Db } from "@/lib/db/client";
import { asOptionalDate, fastSql } from "@/lib/db/fast-sql";
import { recordAuditEvent } from "@/lib/db/audit";
import type { Actor } from "@/lib/environments/types";

export type { Actor };

export interface AccessTokenInfo {
  id: string;
  description: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** Recognisable in logs and secret scanners; the rest is 32 random bytes, base64url. */
export const TOKEN_PREFIX = "esc_";
const TOKEN_PATTERN = /^esc_[A-Za-z0-9_-]{43}$/;
export const MAX_DESCRIPTION_LENGTH = 200;
/** lastUsedAt is written at most this often per token, so reads don't turn into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export class AccessTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValidationError";
  }
}

/** The acting user: a bare user id (admin commands, tests) or the transport's Actor with its request. */
const actorOf = (owner: string | Actor): Actor => (typeof owner === "string" ? { userId: owner } : owner);

/** Token events belong to no organization; the audit page shows them for the user's organizations. */
function auditTokenEvent(db: Db, actor: Actor, action: string, target: string, result: "success" | "denied") {
  return recordAuditEvent(db, {
    actorUserId: actor.userId,
    actorTokenId: actor.tokenId ?? null,
    action,
    target,
    ip: actor.request?.ip ?? null,
    userAgent: actor.request?.userAgent ?? null,
    result,
  });
}

/** Creates a token for the owner and returns it; this is the only time the token is visible. */
export async function createAccessToken(
  owner: string | Actor,
  opts: { description?: string; expiresAt?: Date | null },
  db: Db = getDb(),
): Promise<{ id: string; token: string }> {
  const actor = actorOf(owner);
  const userId = actor.userId;
  const description = (opts.description ?? "").trim();
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw new AccessTokenError(`the description must be at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  if (opts.expiresAt && (Number.isNaN(opts.expiresAt.getTime()) || opts.expiresAt.getTime() <= Date.now())) {
    throw new AccessTokenError("the expiry must be a date in the future");
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.accessToken.create({
    data: { userId, description, hash: hashToken(token), expiresAt: opts.expiresAt ?? null },
    select: { id: true },
  });
  await auditTokenEvent(db, actor, "token.create", `${row.id} "${description}"`, "success");
  return { id: row.id, token };
}

/** Extracts the token from `Authorization: token <t>` or `Authorization: Bearer <t>`. */
export function tokenFromHeader(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^\s*(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * Resolves an Authorization header to the acting user, or null when the token is missing,
 * malformed, unknown, revoked or expired (callers answer all of these alike, with a 401).
 */
export async function authenticateToken(
  header: string | null | undefined,
  db: Db = getDb(),
): Promise<Actor | null> {
  const token = tokenFromHeader(header);
  if (!token || !TOKEN_PATTERN.test(token)) return null;
  // Every API request starts here: read through the driver (lib/db/fast-sql.ts).
  const [found] = await fastSql(db).rows<{
    id: string;
    userId: string;
    revokedAt: unknown;
    expiresAt: unknown;
    lastUsedAt: unknown;
    login: string;
  }>(
    'SELECT t."id", t."userId", t."revokedAt", t."expiresAt", t."lastUsedAt", u."login" FROM "AccessToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."hash" = ?',
    [hashToken(token)],
  );
  if (!found) return null;
  const row = {
    ...found,
    revokedAt: asOptionalDate(found.revokedAt),
    expiresAt: asOptionalDate(found.expiresAt),
    lastUsedAt: asOptionalDate(found.lastUsedAt),
  };
  const now = new Date();
  if (row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional so concurrent requests write at most once per resolution window.
    await db.accessToken.updateMany({
      where: {
        id: row.id,
        OR: [
          { lastUsedAt: null },
          { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } },
        ],
      },
      data: { lastUsedAt: now },
    });
  }
  return { userId: row.userId, login: row.login, tokenId: row.id };
}

/** The user's tokens, newest first, revoked ones included (marked by revokedAt). */
export async function listAccessTokens(userId: string, db: Db = getDb()): Promise<AccessTokenInfo[]> {
  return db.accessToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      description: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
    },
  });
}

/** Revokes one of the owner's own tokens; false when no such token of theirs exists. */
export async function revokeAccessToken(
  owner: string | Actor,
  id: string,
  db: Db = getDb(),
): Promise<boolean> {
  const actor = actorOf(owner);
  const userId = actor.userId;
  const res = await db.accessToken.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (res.count > 0) {
    await auditTokenEvent(db, actor, "token.revoke", String(id).slice(0, 100), "success");
    return true;
  }
  const theirs = (await db.accessToken.count({ where: { id, userId } })) > 0;
  // Someone else's token, or no token at all: a denied attempt.
  if (!theirs) await auditTokenEvent(db, actor, "token.revoke", String(id).slice(0, 100), "denied");
  return theirs;
}
