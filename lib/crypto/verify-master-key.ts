// A start-up check: does the configured master key open what this database holds? Without it, a
// wrong ESC_MASTER_KEY (or a lost data/master.key) would only show when someone opens a secret.
import type { Db } from "@/lib/db/client";
import { getMasterKey, MASTER_KEY_MISMATCH, MasterKeyError, openWithMasterKey } from "./master-key";
import { dataKeyContext } from "./org-crypter";

/** Throws MasterKeyError when the master key cannot open an organization's stored data key. */
export async function verifyMasterKey(db: Db, masterKey: Uint8Array = getMasterKey()): Promise<void> {
  const org = await db.organization.findFirst({
    where: { wrappedDataKey: { not: null } },
    orderBy: { createdAt: "asc" },
    select: { id: true, wrappedDataKey: true },
  });
  if (!org?.wrappedDataKey) return;
  try {
    openWithMasterKey(org.wrappedDataKey, dataKeyContext(org.id), masterKey);
  } catch (error) {
    if (error instanceof MasterKeyError) {
      throw new MasterKeyError(
        `${MASTER_KEY_MISMATCH} (set ESC_MASTER_KEY, or restore the master.key file, used when the data was written)`,
      );
    }
    throw error;
  }
}
