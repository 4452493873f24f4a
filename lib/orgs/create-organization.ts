import { getDb, type Db } from "@/lib/db/client";
import { isUniqueViolation, retryOnWriteConflict } from "@/lib/db/errors";
import { newWrappedDataKey } from "@/lib/crypto/org-crypter";
import { ConflictError, NotFoundError } from "@/lib/environments/errors";
import { validateOrgName } from "@/lib/environments/names";
import { auditEnvironmentChange } from "@/lib/environments/audit";
import type { Actor } from "@/lib/environments/types";

/**
 * Creates the organization `name` with `userId` as its first admin, together with its data key
 * for encrypting secrets. Names are unique (exact match, as ESC compares them).
 */
export async function createOrganization(
  owner: string | Actor,
  name: string,
  db: Db = getDb(),
): Promise<{ id: string; name: string }> {
  const actor: Actor = typeof owner === "string" ? { userId: owner } : owner;
  const userId = actor.userId;
  validateOrgName(name);
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new NotFoundError("user not found");
  try {
    const created = await retryOnWriteConflict(() =>
      db.$transaction(async (tx) => {
        const org = await tx.organization.create({ data: { name }, select: { id: true, name: true } });
        // The data key is sealed with the org id as context, so it needs the id first.
        await tx.organization.update({
          where: { id: org.id },
          data: { wrappedDataKey: newWrappedDataKey(org.id) },
        });
        await tx.membership.create({ data: { userId, orgId: org.id, role: "admin" } });
        return org;
      }),
    );
    await auditEnvironmentChange(db, actor, created.id, "organization.create", created.name);
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`the organization name "${name}" is taken`);
    throw error;
  }
}
