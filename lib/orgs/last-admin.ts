// The rule that keeps an organization manageable: it always has at least one admin. Removing a
// member, a member leaving and changing a role all check it inside the transaction that makes the
// change, and that transaction is serializable: two admins demoting (or removing) each other at
// the same moment would each see the other still there under a weaker isolation, and both pass.
import type { Db, DbTx } from "@/lib/db/client";
import { retryOnWriteConflict } from "@/lib/db/errors";
import { ConflictError } from "@/lib/environments/errors";

/**
 * ConflictError when no admin of `orgId` other than `userId` remains. `who` names the person in
 * the message ("you" or their login); call it inside membershipTransaction.
 */
export async function requireAnotherAdmin(tx: DbTx, orgId: string, userId: string, who: string): Promise<void> {
  const others = await tx.membership.count({ where: { orgId, role: "admin", userId: { not: userId } } });
  if (others === 0)
    throw new ConflictError(
      `${who === "you" ? "you are" : `${who} is`} the last admin: an organization must keep at least one admin (make another member admin first)`,
    );
}

/**
 * Runs a change to memberships in one serializable transaction, run again when it loses a race
 * with another writer (the loser then sees the winner's change and the rule decides afresh).
 */
export function membershipTransaction<T>(db: Db, change: (tx: DbTx) => Promise<T>): Promise<T> {
  return retryOnWriteConflict(() => db.$transaction(change, { isolationLevel: "Serializable" }));
}
