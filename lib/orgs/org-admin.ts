// Organization settings (teams, the default permission) are for the organization's admins. A
// caller who is not a member learns nothing (NotFoundError, as for a missing organization); a
// member who is not an admin is told plainly (ForbiddenError).
import type { Db } from "@/lib/db/client";
import { auditResultOf, recordEnvironmentEvent } from "@/lib/environments/audit";
import { ForbiddenError } from "@/lib/environments/errors";
import { checkActor } from "@/lib/environments/scope";
import type { Actor } from "@/lib/environments/types";
import { requireMembership, type MembershipInfo } from "./memberships";

export async function orgAdminScope(
  db: Db,
  actor: Actor,
  orgName: string,
  what: string,
): Promise<MembershipInfo> {
  checkActor(actor);
  const membership = await requireMembership(actor.userId, orgName, db);
  if (membership.role !== "admin") throw new ForbiddenError(`only organization admins can ${what}`);
  return membership;
}

/**
 * Runs one administrative change and, when it fails, records the attempt in the audit trail
 * (denied for not found/forbidden, error otherwise); the change itself records its success with
 * the details only it knows.
 */
export async function auditingFailures<T>(
  db: Db,
  actor: Actor,
  orgName: string,
  action: string,
  target: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await recordEnvironmentEvent(db, actor, orgName, action, target, auditResultOf(error));
    throw error;
  }
}
