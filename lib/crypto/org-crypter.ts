// Per-organization envelope encryption for `fn::secret` ciphertext: each organization has its own
// random AES-256-GCM data key, stored sealed by the master key (bound to the organization id), so
// a leaked database alone reveals nothing and one organization's ciphertext never opens in another.
import type { Db } from "@/lib/db/client";
import type { SecretCrypter } from "@/lib/esc/contract";
import { DecryptionError, open, randomKey, seal } from "./aead";
import { getMasterKey, openWithMasterKey, sealWithMasterKey } from "./master-key";

export const dataKeyContext = (orgId: string) => `org-data-key:${orgId}`;

/** A new data key for `orgId`, sealed for storage in Organization.wrappedDataKey. */
export function newWrappedDataKey(
  orgId: string,
  masterKey: Uint8Array = getMasterKey(),
): Uint8Array<ArrayBuffer> {
  return sealWithMasterKey(randomKey(), dataKeyContext(orgId), masterKey);
}

/** A SecretCrypter over one data key. */
export function crypterForDataKey(dataKey: Uint8Array): SecretCrypter {
  return {
    async encrypt(plaintext) {
      return seal(dataKey, plaintext);
    },
    async decrypt(ciphertext) {
      try {
        return open(
          dataKey,
          ciphertext,
          "the secret cannot be decrypted: it was encrypted by another organization or is damaged",
        );
      } catch (error) {
        // The evaluator turns this message into a diagnostic; it holds no secret material.
        if (error instanceof DecryptionError) throw new Error(error.message);
        throw error;
      }
    },
  };
}

/**
 * The crypter for an organization. Creates the organization's data key on first use: the
 * conditional update lets exactly one of several concurrent callers install it, and all of them
 * then use the stored one.
 */
export async function getOrgCrypter(
  db: Db,
  orgId: string,
  masterKey: Uint8Array = getMasterKey(),
): Promise<SecretCrypter> {
  let org = await db.organization.findUnique({ where: { id: orgId }, select: { wrappedDataKey: true } });
  if (!org) throw new Error(`organization ${orgId} not found`);
  if (!org.wrappedDataKey) {
    await db.organization.updateMany({
      where: { id: orgId, wrappedDataKey: null },
      data: { wrappedDataKey: newWrappedDataKey(orgId, masterKey) },
    });
    org = await db.organization.findUnique({ where: { id: orgId }, select: { wrappedDataKey: true } });
    if (!org?.wrappedDataKey) throw new Error(`organization ${orgId} not found`);
  }
  return crypterForDataKey(openWithMasterKey(org.wrappedDataKey, dataKeyContext(orgId), masterKey));
}
