// The signing keys of this server: in the database of DATABASE_URL, private keys sealed with the
// master key, overlap from ESC_OIDC_KEY_OVERLAP.
import { getDb, type Db } from "@/lib/db/client";
import { openTextWithMasterKey, sealWithMasterKey } from "@/lib/crypto/master-key";
import { PrismaSigningKeyStore } from "./prisma-key-store";
import { keyOverlapMsFromEnv, SigningKeys, type KeySealer } from "./signing-keys";

/** Sealing context: a key sealed for another purpose cannot be opened as a signing key. */
const SEAL_CONTEXT = "oidc-signing-key";

export const masterKeySealer: KeySealer = {
  seal: async (plaintext) => sealWithMasterKey(plaintext, SEAL_CONTEXT),
  open: async (sealed) => openTextWithMasterKey(sealed, SEAL_CONTEXT),
};

// One SigningKeys per client, so callers that build a registry per request reuse imported keys.
const perDb = new WeakMap<Db, SigningKeys>();

export function databaseSigningKeys(db: Db): SigningKeys {
  let keys = perDb.get(db);
  if (!keys) {
    keys = new SigningKeys({
      store: new PrismaSigningKeyStore(db),
      sealer: masterKeySealer,
      overlapMs: keyOverlapMsFromEnv(),
    });
    perDb.set(db, keys);
  }
  return keys;
}

export function defaultSigningKeys(): SigningKeys {
  return databaseSigningKeys(getDb());
}
