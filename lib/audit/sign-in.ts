// Console sign-ins in the audit trail. An attempt names the account only when one exists for the
// email: a typed "email" that matches no account might be a password in the wrong field, so it
// is never stored. Sign-ins belong to no organization; an organization's audit page shows those
// of its members (see lib/audit/query.ts).
import { getDb, type Db } from "@/lib/db/client";
import { recordAuditEvent, type AuditResult } from "@/lib/db/audit";
import { requestContextFrom } from "./request-context";

async function accountIdFor(db: Db, email: string): Promise<string | null> {
  const normalized = email.trim().toLowerCase();
  if (normalized.length === 0 || normalized.length > 320) return null;
  const user = await db.user.findUnique({ where: { email: normalized }, select: { id: true } });
  return user?.id ?? null;
}

/**
 * Records a sign-in attempt: `userId` when it succeeded, otherwise the account the email names
 * (if any) with `result` "denied" (wrong password, locked out).
 */
export async function auditSignIn(
  request: Request | undefined,
  email: string,
  outcome: { userId: string } | { result: Exclude<AuditResult, "success"> },
  db: Db = getDb(),
): Promise<void> {
  try {
    const actorUserId = "userId" in outcome ? outcome.userId : await accountIdFor(db, email);
    const where = request?.headers ? requestContextFrom(request.headers) : { ip: null, userAgent: null };
    await recordAuditEvent(db, {
      actorUserId,
      action: "user.sign_in",
      target: actorUserId ? email.trim().toLowerCase().slice(0, 320) : null,
      ip: where.ip,
      userAgent: where.userAgent,
      result: "userId" in outcome ? "success" : outcome.result,
    });
  } catch (error) {
    // Never let the trail break a sign-in.
    console.error(`audit: could not record user.sign_in: ${error instanceof Error ? error.name : "error"}`);
  }
}
