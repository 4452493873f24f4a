// Master-key rotation (`npm run keys:rotate-master`): every row sealed with the master key
// (organization data keys, OIDC private keys, open sessions) is opened with the old key and
// sealed again with the new one, all in ONE database transaction, so the database is never half
// old, half new. `fn::secret` ciphertext is encrypted with the organization data keys and so
// needs no change.
//
// The order makes an interruption at any point harmless when the key lives in a file:
//   1. the new key is written and flushed to master.key.next (master.key untouched);
//   2. the transaction rewraps everything and commits (or rolls back: nothing changed);
//   3. master.key.next is renamed over master.key (atomic).
// A crash between 2 and 3 leaves the database on the new key and the new key in master.key.next;
// finishInterruptedRotation (run by the start-up check and by this command) sees which key opens
// the database and completes the rename, or drops master.key.next if the commit never happened.
// With ESC_MASTER_KEY, the operator holds both keys: ESC_NEW_MASTER_KEY is required, and
// ESC_MASTER_KEY is changed afterwards.
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import type { Db, DbTx } from "@/lib/db/client";
import { randomKey } from "./aead";
import {
  decodeMasterKey,
  getMasterKey,
  MASTER_KEY_MISMATCH,
  MasterKeyError,
  masterKeyFilePath,
  openWithMasterKey,
  pendingMasterKeyFilePath,
  resetMasterKeyCache,
  sealWithMasterKey,
  syncDirectory,
  writeKeyFileAtomically,
} from "./master-key";
import { dataKeyContext } from "./org-crypter";
import { openSessionContext, SIGNING_KEY_CONTEXT } from "./sealed-rows";
import { masterKeyOpensDatabase } from "./verify-master-key";

/** Long enough for large databases; the default of 5 s would abort a big rotation midway. */
export const ROTATION_TRANSACTION_TIMEOUT_MS = 30 * 60 * 1000;

export interface RewrapCounts {
  organizations: number;
  signingKeys: number;
  openSessions: number;
  /** Expired open sessions are deleted rather than rewrapped: they hold secrets and serve nothing. */
  expiredSessionsDeleted: number;
}

export interface RotationHooks {
  /** Called after each row is rewrapped, inside the transaction; throwing rolls everything back (tests). */
  afterRow?: (table: string, id: string) => void | Promise<void>;
  /** Called after the commit, before master.key is replaced (tests simulate a crash here). */
  beforeKeyFileSwap?: () => void | Promise<void>;
}

function rewrap(
  sealed: Uint8Array,
  context: string,
  oldKey: Uint8Array,
  newKey: Uint8Array,
): Uint8Array<ArrayBuffer> {
  return sealWithMasterKey(openWithMasterKey(sealed, context, oldKey), context, newKey);
}

/** Re-seals every master-key-sealed row from `oldKey` to `newKey` in one transaction. */
export async function rewrapMasterSealedData(
  db: Db,
  oldKey: Uint8Array,
  newKey: Uint8Array,
  hooks: RotationHooks = {},
): Promise<RewrapCounts> {
  return db.$transaction(
    async (tx: DbTx) => {
      const counts: RewrapCounts = {
        organizations: 0,
        signingKeys: 0,
        openSessions: 0,
        expiredSessionsDeleted: 0,
      };
      counts.expiredSessionsDeleted = (
        await tx.openSession.deleteMany({ where: { expiresAt: { lte: new Date() } } })
      ).count;

      const orgs = await tx.organization.findMany({
        where: { wrappedDataKey: { not: null } },
        select: { id: true, wrappedDataKey: true },
      });
      for (const org of orgs) {
        const wrappedDataKey = rewrap(org.wrappedDataKey!, dataKeyContext(org.id), oldKey, newKey);
        await tx.organization.update({ where: { id: org.id }, data: { wrappedDataKey } });
        counts.organizations++;
        await hooks.afterRow?.("Organization", org.id);
      }
      const keys = await tx.signingKey.findMany({ select: { kid: true, privateKey: true } });
      for (const key of keys) {
        const privateKey = rewrap(key.privateKey, SIGNING_KEY_CONTEXT, oldKey, newKey);
        await tx.signingKey.update({ where: { kid: key.kid }, data: { privateKey } });
        counts.signingKeys++;
        await hooks.afterRow?.("SigningKey", key.kid);
      }
      const sessions = await tx.openSession.findMany({ select: { id: true, payload: true } });
      for (const session of sessions) {
        const payload = rewrap(session.payload, openSessionContext(session.id), oldKey, newKey);
        await tx.openSession.update({ where: { id: session.id }, data: { payload } });
        counts.openSessions++;
        await hooks.afterRow?.("OpenSession", session.id);
      }
      return counts;
    },
    // Serializable: a row a running server writes meanwhile makes one side fail, never a row
    // left sealed with the old key.
    { isolationLevel: "Serializable", timeout: ROTATION_TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
}

export type RecoveryOutcome = "nothing-pending" | "completed" | "discarded";

/**
 * Finishes a rotation that stopped between the commit and the key-file rename (see the top of
 * this file). Only meaningful when the master key lives in a file.
 */
export async function finishInterruptedRotation(db: Db): Promise<RecoveryOutcome> {
  const pendingFile = pendingMasterKeyFilePath();
  if (!existsSync(pendingFile)) return "nothing-pending";
  const keyFile = masterKeyFilePath();
  const pending = decodeMasterKey(
    readFileSync(pendingFile, "utf8"),
    `the pending master key file ${pendingFile}`,
  );
  if ((await masterKeyOpensDatabase(db, pending)) === "yes") {
    renameSync(pendingFile, keyFile);
    syncDirectory(path.dirname(keyFile));
    resetMasterKeyCache();
    return "completed";
  }
  const current = existsSync(keyFile)
    ? decodeMasterKey(readFileSync(keyFile, "utf8"), `the master key file ${keyFile}`)
    : undefined;
  if (current && (await masterKeyOpensDatabase(db, current)) !== "no") {
    // The rewrap never committed: the database is still on master.key.
    rmSync(pendingFile);
    return "discarded";
  }
  throw new MasterKeyError(`${MASTER_KEY_MISMATCH}: neither ${keyFile} nor ${pendingFile} opens it`);
}

export interface MasterRotationResult extends RewrapCounts {
  /** Where the new key now is: the key file, or (ESC_MASTER_KEY) nowhere but the operator's hands. */
  keyFile?: string;
}

/**
 * Rotates the master key. `newKey` defaults to a fresh random key (file mode only: a generated
 * key is never printed). Stop the server first: a running process keeps the old key in memory.
 */
export async function rotateMasterKey(
  db: Db,
  newKey?: Uint8Array,
  hooks: RotationHooks = {},
): Promise<MasterRotationResult> {
  if (process.env.ESC_MASTER_KEY) {
    if (!newKey) {
      throw new MasterKeyError(
        "ESC_MASTER_KEY is set, so the new key must be given in ESC_NEW_MASTER_KEY (e.g. `openssl rand -base64 32`); set ESC_MASTER_KEY to it afterwards",
      );
    }
    const oldKey = getMasterKey();
    if (Buffer.from(oldKey).equals(Buffer.from(newKey)))
      throw new MasterKeyError("the new master key is the same as the current one");
    return rewrapMasterSealedData(db, oldKey, newKey, hooks);
  }

  await finishInterruptedRotation(db);
  resetMasterKeyCache();
  const oldKey = getMasterKey();
  const key = newKey ?? randomKey();
  if (Buffer.from(oldKey).equals(Buffer.from(key)))
    throw new MasterKeyError("the new master key is the same as the current one");
  const keyFile = masterKeyFilePath();
  const pendingFile = pendingMasterKeyFilePath();
  writeKeyFileAtomically(pendingFile, key);
  let counts: RewrapCounts;
  try {
    counts = await rewrapMasterSealedData(db, oldKey, key, hooks);
  } catch (error) {
    // Drop the pending key only when the database is provably still on the old key: a commit
    // whose answer was lost (connection cut) may have gone through, and then only it opens the data.
    const stillOld = await masterKeyOpensDatabase(db, oldKey).catch(() => "unknown");
    if (stillOld === "yes" || stillOld === "empty") rmSync(pendingFile, { force: true });
    throw error;
  }
  await hooks.beforeKeyFileSwap?.();
  renameSync(pendingFile, keyFile);
  syncDirectory(path.dirname(keyFile));
  resetMasterKeyCache();
  return { ...counts, keyFile };
}
