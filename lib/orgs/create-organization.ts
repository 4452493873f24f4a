import { getDb, type Db } from "@/lib/db/client";
import { isUniqueViolation, retryOnWriteConflict } from "@/lib/db/errors";
import { newWrappedDataKey } from "@/lib/crypto/org-crypter";
import { ConflictError, NotFoundError } from "@/lib/environments/errors";
import { validateOrgName } from "@/lib/environments/names";

/**
 * Creates the organization `name` with `userId` as its first admin, together with its data key
 * for encrypting secrets. Names are unique (exact match, as ESC compares them).
 */
export async function createOrganization(
  userId: string,
  name: string,
  db: Db = getDb(),
): Promise<{ id: string; name: string }> {
  validateOrgName(name);
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new NotFoundError("user not found");
  try {
    return await retryOnWriteConflict(() =>
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
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`the organization name "${name}" is taken`);
    throw error;
  }
}
