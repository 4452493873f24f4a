// The acting member's and the target member's rows, read again inside a membership transaction:
// roles may have changed since the checks made before it (two admins acting at once).
import type { DbTx } from "@/lib/db/client";
import { NotFoundError } from "@/lib/environments/errors";

export async function rolesInTransaction(tx: DbTx, orgId: string, actorUserId: string, targetUserId: string) {
  const [mine, theirs] = await Promise.all([
    tx.membership.findUnique({
      where: { userId_orgId: { userId: actorUserId, orgId } },
      select: { role: true },
    }),
    tx.membership.findUnique({
      where: { userId_orgId: { userId: targetUserId, orgId } },
      select: { id: true, role: true },
    }),
  ]);
  if (!mine || !theirs) throw new NotFoundError("no such member of the organization");
  return { mine, theirs };
}
