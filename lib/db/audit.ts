// The audit trail: who did what to which thing, and whether it worked. Entries hold names and
// ids only, never definitions or secret values.
import type { Db } from "./client";
import { insertRows, type TableRow } from "./fast-sql";
import { newRowId } from "./row-id";

export type AuditResult = "success" | "denied" | "error";

export interface AuditEventInput {
  orgId?: string | null;
  actorUserId?: string | null;
  actorTokenId?: string | null;
  /** e.g. "environment.update" */
  action: string;
  /** e.g. "project/env" or "project/env@3" */
  target?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  result: AuditResult;
}

const clip = (value: string | null | undefined, max: number) => (value == null ? null : value.slice(0, max));

function auditEventRow(event: AuditEventInput) {
  return {
    id: newRowId(),
    orgId: event.orgId ?? null,
    actorUserId: event.actorUserId ?? null,
    actorTokenId: event.actorTokenId ?? null,
    action: event.action.slice(0, 100),
    target: clip(event.target, 500),
    ip: clip(event.ip, 100),
    userAgent: clip(event.userAgent, 500),
    result: event.result,
    createdAt: new Date(),
  };
}

/**
 * Records one event. A failure to record is reported on stderr (action only) and swallowed: the
 * operation it describes has already happened and must not appear to have failed.
 */
export async function recordAuditEvent(db: Db, event: AuditEventInput): Promise<void> {
  try {
    const row = auditEventRow(event);
    // Every API open writes one: through the driver when it can (lib/db/fast-sql.ts), a model
    // create costing Prisma many times the statement (BENCHMARKS.md, bench:load).
    const written = await insertRows(db, [{ table: "AuditEvent", row }]);
    if (!written) await db.auditEvent.create({ data: row });
  } catch (error) {
    console.error(
      `audit: could not record ${event.action.slice(0, 100)}: ${error instanceof Error ? error.name : "error"}`,
    );
  }
}

/** A row the audited call produced (an open session), and how to write it on its own. */
export interface CompanionRow extends TableRow {
  write(): Promise<void>;
}

/**
 * Records the event and writes `companion` in one transaction: one commit, so one wait for the
 * disk instead of two. When that cannot be done (another writer holds SQLite's lock, a fault),
 * each is written on its own: the event as recordAuditEvent does (a failure reported and
 * swallowed), the companion by its `write`, whose failure is thrown.
 */
export async function recordAuditEventWith(
  db: Db,
  event: AuditEventInput,
  companion: CompanionRow,
): Promise<void> {
  try {
    if (await insertRows(db, [{ table: "AuditEvent", row: auditEventRow(event) }, companion])) return;
  } catch {
    // Written apart below, where each failure is answered as its own.
  }
  await Promise.all([recordAuditEvent(db, event), companion.write()]);
}

/** An organization's events, newest first; `before` is an exclusive createdAt cursor. */
export async function listAuditEvents(db: Db, orgId: string, page: { before?: Date; count?: number } = {}) {
  const count = Math.min(Math.max(page.count ?? 100, 0), 1000);
  return db.auditEvent.findMany({
    where: { orgId, ...(page.before ? { createdAt: { lt: page.before } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: count,
  });
}
