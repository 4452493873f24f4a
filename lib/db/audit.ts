// The audit trail: who did what to which thing, and whether it worked. Entries hold names and
// ids only, never definitions or secret values.
import type { Db } from "./client";
import { insertRow } from "./fast-sql";
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

/**
 * Records one event. A failure to record is reported on stderr (action only) and swallowed: the
 * operation it describes has already happened and must not appear to have failed.
 */
export async function recordAuditEvent(db: Db, event: AuditEventInput): Promise<void> {
  try {
    const row = {
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
    // Every API open writes one: through the driver when it can (lib/db/fast-sql.ts), a model
    // create costing Prisma many times the statement (BENCHMARKS.md, bench:load).
    const written = await insertRow(db, "AuditEvent", row);
    if (!written) await db.auditEvent.create({ data: row });
  } catch (error) {
    console.error(
      `audit: could not record ${event.action.slice(0, 100)}: ${error instanceof Error ? error.name : "error"}`,
    );
  }
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
