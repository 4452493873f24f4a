// The master-key check run before serving (scripts/start.mjs) and by `npm run keys:check`:
// stop with a clear message, rather than serve, when the key is malformed or does not open this
// database (a wrong ESC_MASTER_KEY, a lost or replaced data/master.key). Also completes a
// master-key rotation that was interrupted between its commit and its key-file rename.
import { createDb } from "@/lib/db/client";
import { databaseUrlFromEnv } from "@/lib/db/url";
import { existsSync } from "node:fs";
import { getMasterKey, MasterKeyError, masterKeyFilePath, resetMasterKeyCache } from "./master-key";
import { firstSealedRow } from "./sealed-rows";
import { finishInterruptedRotation } from "./rotate-master-key";
import { verifyMasterKey } from "./verify-master-key";

/** Throws MasterKeyError (message safe to print: never key material) when the server must not start. Returns notes to print. */
export async function checkMasterKeyAtStartup(databaseUrl: string = databaseUrlFromEnv()): Promise<string[]> {
  const notes: string[] = [];
  const db = createDb(databaseUrl);
  try {
    if (!process.env.ESC_MASTER_KEY) {
      const outcome = await finishInterruptedRotation(db);
      if (outcome === "completed")
        notes.push("completed an interrupted master-key rotation (master.key now holds the new key)");
      if (outcome === "discarded")
        notes.push("discarded the new key of a master-key rotation that did not commit");
      // getMasterKey would generate a fresh key file, which cannot open existing data: say what is wrong instead.
      if (!existsSync(masterKeyFilePath()) && (await firstSealedRow(db))) {
        throw new MasterKeyError(
          `no master key: ${masterKeyFilePath()} is missing but this database holds data sealed with one (restore the file, or set ESC_MASTER_KEY)`,
        );
      }
    }
    resetMasterKeyCache();
    await verifyMasterKey(db, getMasterKey());
  } finally {
    await db.$disconnect();
  }
  return notes;
}
