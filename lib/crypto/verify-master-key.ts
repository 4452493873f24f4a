// A start-up check: does the configured master key open what this database holds? Without it, a
// wrong ESC_MASTER_KEY (or a lost data/master.key) would only show when someone opens a secret.
import type { Db } from "@/lib/db/client";
import { getMasterKey, MASTER_KEY_MISMATCH, MasterKeyError, openWithMasterKey } from "./master-key";
import { firstSealedRow } from "./sealed-rows";

/** Whether `masterKey` opens the database's sealed rows ("empty" when there are none yet). */
export async function masterKeyOpensDatabase(db: Db, masterKey: Uint8Array): Promise<"yes" | "no" | "empty"> {
  const row = await firstSealedRow(db);
  if (!row) return "empty";
  try {
    openWithMasterKey(row.sealed, row.context, masterKey);
    return "yes";
  } catch (error) {
    if (error instanceof MasterKeyError) return "no";
    throw error;
  }
}

/** Throws MasterKeyError when the master key cannot open the database's sealed rows. */
export async function verifyMasterKey(db: Db, masterKey: Uint8Array = getMasterKey()): Promise<void> {
  if ((await masterKeyOpensDatabase(db, masterKey)) === "no") {
    throw new MasterKeyError(
      `${MASTER_KEY_MISMATCH} (set ESC_MASTER_KEY, or restore the master.key file, used when the data was written)`,
    );
  }
}
