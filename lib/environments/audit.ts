import type { Db } from "@/lib/db/client";
import { recordAuditEvent } from "@/lib/db/audit";
import type { Actor } from "./types";

/** Records a successful change to an environment (reads are not audited). */
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
    result: "success",
  });
}
