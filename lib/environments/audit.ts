// Every change to an environment, and every open or decrypt of one, goes through `audited`: it
// records the outcome (success, denied, error) with the actor, the token and where the request
// came from (Actor.request). Entries hold names, revision numbers and setting flags, never
// definitions or values.
import type { Db } from "@/lib/db/client";
import { recordAuditEvent, recordAuditEventWith, type AuditResult, type CompanionRow } from "@/lib/db/audit";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { fastSql } from "@/lib/db/fast-sql";
import type { Actor } from "./types";

/** How a finished call is written down; defaults to the target given up front and "success". */
export interface AuditOutcome {
  target?: string;
  result?: AuditResult;
  /** The organization's id, when the call found it (saves looking it up by name). */
  orgId?: string;
}

/**
 * Not found and forbidden are what a caller without access gets (another organization, an
 * environment they cannot see), so they are recorded as denied; anything else that failed is an
 * error (bad input, a conflict, a fault).
 */
export function auditResultOf(error: unknown): AuditResult {
  const name = error instanceof Error ? error.name : "";
  return name === "NotFoundError" || name === "ForbiddenError" ? "denied" : "error";
}

/**
 * The organization's id by name, for filing the event; null when there is none (the event is
 * still kept, it just belongs to no organization's log).
 */
async function orgIdByName(db: Db, orgName: string): Promise<string | null> {
  if (typeof orgName !== "string" || orgName.length === 0 || orgName.length > 100) return null;
  // Every audited call ends here: read through the driver (lib/db/fast-sql.ts).
  const [org] = await fastSql(db).rows<{ id: string }>('SELECT "id" FROM "Organization" WHERE "name" = ?', [
    orgName,
  ]);
  return org?.id ?? null;
}

export async function recordEnvironmentEvent(
  db: Db,
  actor: Actor,
  orgName: string,
  action: string,
  target: string,
  result: AuditResult,
  knownOrgId?: string,
  companion?: CompanionRow,
): Promise<void> {
  const orgId = knownOrgId ?? (await orgIdByName(db, orgName).catch(() => null));
  const event = {
    orgId,
    actorUserId: actor?.userId || null,
    actorTokenId: actor?.tokenId ?? null,
    action,
    target,
    ip: actor?.request?.ip ?? null,
    userAgent: actor?.request?.userAgent ?? null,
    result,
  };
  await (companion ? recordAuditEventWith(db, event, companion) : recordAuditEvent(db, event));
}

/**
 * Runs `run` (one service operation on `orgName`) and records its outcome as `action` on
 * `target`; `describe` refines the entry from the result (e.g. the revision a save created);
 * `alongside` gives a row to write with the entry on success (an open session), whose failure
 * fails the call. The error, if any, is rethrown unchanged.
 */
export async function audited<T>(
  db: Db,
  actor: Actor,
  orgName: string,
  action: string,
  target: string,
  run: () => Promise<T>,
  describe?: (result: T) => AuditOutcome,
  alongside?: (result: T) => Promise<CompanionRow | undefined>,
): Promise<T> {
  let value: T;
  let companion: CompanionRow | undefined;
  try {
    value = await run();
    // Preparing what the call produced (an open session: sealing it) can fail too; the call has
    // failed then, and is recorded so.
    companion = await alongside?.(value);
  } catch (error) {
    // With the database down the event cannot be written either, and trying would only delay
    // the answer (a locked SQLite file makes every write wait out the busy timeout).
    if (isDatabaseUnavailable(error))
      console.error(`audit: could not record ${action.slice(0, 100)}: database unavailable`);
    else await recordEnvironmentEvent(db, actor, orgName, action, target, auditResultOf(error));
    throw error;
  }
  const outcome = describe?.(value) ?? {};
  // What the call produced is written with the event, in one commit: one wait for the database
  // instead of two.
  await recordEnvironmentEvent(
    db,
    actor,
    orgName,
    action,
    outcome.target ?? target,
    outcome.result ?? "success",
    outcome.orgId,
    companion,
  );
  return value;
}

/** Records a successful event when the caller already knows the organization's id. */
export function auditEnvironmentChange(
  db: Db,
  actor: Actor,
  orgId: string,
  action: string,
  target: string,
): Promise<void> {
  return recordAuditEvent(db, {
    orgId,
    actorUserId: actor.userId,
    actorTokenId: actor.tokenId ?? null,
    action,
    target,
    ip: actor.request?.ip ?? null,
    userAgent: actor.request?.userAgent ?? null,
    result: "success",
  });
}
