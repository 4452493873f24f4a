// Open sessions (`POST …/open` then `GET …/open/{id}`): the opened environment is kept for the
// session's lifetime, sealed with the master key, because it holds revealed secrets and
// provider credentials. Reads check the environment the session belongs to, so a session id is
// useless outside its own environment (and organization).
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { CompanionRow } from "@/lib/db/audit";
import { asDate, fastSql, insertRows } from "@/lib/db/fast-sql";
import { openTextWithMasterKey, sealWithMasterKey } from "@/lib/crypto/master-key";
import { badRequest } from "./errors";
import { parseGoDuration } from "@/lib/esc/go-duration";
import type { ScopeJoin } from "@/lib/environments/scope-join";

export const DEFAULT_SESSION_MS = 60 * 60 * 1000;
export const MAX_SESSION_MS = 24 * 60 * 60 * 1000;

/** The session lifetime for `?duration=` (Go syntax): default 1h, at most 24h, at least 1s. */
export function sessionLifetime(duration: string | undefined): number {
  if (duration === undefined || duration === "") return DEFAULT_SESSION_MS;
  let ms: number;
  try {
    ms = parseGoDuration(duration);
  } catch (err) {
    throw badRequest((err as Error).message);
  }
  if (ms < 1000) throw badRequest("duration must be at least 1s");
  return Math.min(ms, MAX_SESSION_MS);
}

const sealContext = (id: string) => `open-session:${id}`;

const SWEEP_INTERVAL_MS = 60_000;
const lastSweep = new WeakMap<Db, number>();

/**
 * Keeps `json` (JSON text) as an open session of the environment; returns the session id. The
 * text is kept as given, so a read can answer it without parsing and re-serialising it.
 */
export async function storeOpenSession(db: Db, input: OpenSessionInput): Promise<string> {
  const session = await openSessionRow(db, input);
  await session.write();
  return session.id;
}

interface OpenSessionInput {
  orgId: string;
  environmentId: string;
  json: string;
  lifetimeMs: number;
}

/**
 * A new open session's row, to be written with the open's audit entry (lib/db/audit.ts,
 * recordAuditEventWith) or by its `write`.
 */
export async function openSessionRow(
  db: Db,
  input: OpenSessionInput,
): Promise<CompanionRow & { id: string }> {
  const id = randomUUID();
  const now = Date.now();
  // Expired sessions are useless and hold secrets (sealed): drop them when a new one is made, at
  // most once a minute per process: a write per open would cost more than the open itself, and
  // an expired row is never read (loadOpenSession filters on expiresAt).
  const last = lastSweep.get(db);
  if (last === undefined || now - last >= SWEEP_INTERVAL_MS) {
    lastSweep.set(db, now);
    await db.openSession.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  }
  const sealed = sealWithMasterKey(input.json, sealContext(id));
  const payload = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const row = {
    id,
    orgId: input.orgId,
    environmentId: input.environmentId,
    createdAt: new Date(now),
    expiresAt: new Date(now + input.lifetimeMs),
    payload,
  };
  return {
    id,
    table: "OpenSession",
    row,
    // One per open: through the driver when it can (lib/db/fast-sql.ts), Prisma otherwise.
    async write() {
      const written = await insertRows(db, [{ table: "OpenSession", row }]);
      if (!written) await db.openSession.create({ data: row });
    },
  };
}

/** The JSON text kept as session `id` of that environment, or null if unknown or expired. */
export async function loadOpenSession(db: Db, id: string, environmentId: string): Promise<string | null> {
  if (id.length > MAX_ID_LENGTH) return null;
  const [row] = await fastSql(db).rows<StoredSession>(
    'SELECT "payload", "expiresAt" FROM "OpenSession" WHERE "id" = ? AND "environmentId" = ?',
    [id, environmentId],
  );
  return unsealKept(id, row ?? null);
}

/**
 * Session `id` of the environment, read with the permission check (a ScopeJoin): every read of
 * an open environment asks for one. Reads as its JSON text, or null if unknown or expired.
 */
export function openSessionJoin(id: string): ScopeJoin<string | null> {
  return {
    columns: ', s."payload" AS "sessionPayload", s."expiresAt" AS "sessionExpiresAt"',
    joins: ' LEFT JOIN "OpenSession" s ON s."id" = ? AND s."environmentId" = e."id"',
    params: [id.length > MAX_ID_LENGTH ? null : id],
    read: (row) =>
      unsealKept(
        id,
        row.sessionPayload == null
          ? null
          : { payload: row.sessionPayload as Uint8Array, expiresAt: row.sessionExpiresAt },
      ),
  };
}

const MAX_ID_LENGTH = 100;

interface StoredSession {
  payload: Uint8Array;
  expiresAt: unknown;
}

/** The kept JSON text of a session row, unless there is none or it has expired. */
function unsealKept(id: string, row: StoredSession | null): string | null {
  if (!row || asDate(row.expiresAt).getTime() <= Date.now()) return null;
  return openTextWithMasterKey(row.payload, sealContext(id));
}
