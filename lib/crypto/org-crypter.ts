// Per-organization envelope encryption for `fn::secret` ciphertext: each organization has its own
// random AES-256-GCM data key, stored sealed by the master key (bound to the organization id), so
// a leaked database alone reveals nothing and one organization's ciphertext never opens in another.
//
// Within an organization, every ciphertext is also bound to the environment it is stored in: the
// environment's immutable id (Environment.id, unchanged by renames) is authenticated as associated
// data, so ciphertext copied from one environment's definition into another's does not decrypt
// there. The first byte of the sealed payload says which binding it carries:
//   2 (ENVIRONMENT_BOUND): AAD = secretContext(environmentId); everything written now.
//   1 (LEGACY_ORG_BOUND):  no AAD, bound to the organization only; written before the binding
//      existed. It opens only while Organization.environmentBoundSecrets is false, i.e. until
//      bind-legacy-secrets.ts has re-encrypted the organization's definitions under a new data
//      key; after that no ciphertext of this format opens, wherever it comes from.
import type { Db } from "@/lib/db/client";
import { asBoolean, fastSql } from "@/lib/db/fast-sql";
import type { SecretCrypter } from "@/lib/esc/contract";
import type { ScopeJoin } from "@/lib/environments/scope-join";
import { DecryptionError, open, randomKey, seal, sealedVersion } from "./aead";
import { getMasterKey, openWithMasterKey, sealWithMasterKey } from "./master-key";

export const dataKeyContext = (orgId: string) => `org-data-key:${orgId}`;

export const LEGACY_ORG_BOUND = 1;
export const ENVIRONMENT_BOUND = 2;

/** The associated data of an environment-bound secret; names the format so its byte is authenticated too. */
export const secretContext = (environmentId: string) =>
  `fn::secret v${ENVIRONMENT_BOUND} environment:${environmentId}`;

// The evaluator and the API turn these messages into diagnostics: they hold no secret material
// and never repeat the ciphertext.
const WRONG_ENVIRONMENT =
  "the secret cannot be decrypted in this environment: it was encrypted for another environment or organization (ciphertext copied from elsewhere), under a retired key, or is damaged; set its value again here";
const LEGACY_REFUSED =
  "the secret cannot be decrypted: it is in the old organization-wide format, which is no longer accepted since secrets are bound to their environment; set its value again";
const LEGACY_MISMATCH =
  "the secret cannot be decrypted: it was encrypted by another organization or is damaged";
const NOT_STORED =
  "the secret cannot be decrypted here: it belongs to a stored environment and can only be decrypted there";
const IN_NO_ENVIRONMENT =
  "the secret cannot be decrypted: it belongs to no environment of this organization (copied from another organization), was encrypted under a retired key, or is damaged";

/** A new data key for `orgId`, sealed for storage in Organization.wrappedDataKey. */
export function newWrappedDataKey(
  orgId: string,
  masterKey: Uint8Array = getMasterKey(),
): Uint8Array<ArrayBuffer> {
  return sealWithMasterKey(randomKey(), dataKeyContext(orgId), masterKey);
}

export interface OrgCrypter {
  /** The crypter for the definition of `environmentId` (Environment.id): encrypts bound to it, opens only what is. */
  forEnvironment(environmentId: string): SecretCrypter;
  /**
   * For definition text that is not a stored environment (`yaml/check`, where the CLI posts a
   * stored definition): encrypts nothing, and opens an environment's ciphertext only when
   * `environmentIds` was given, trying each. Only for callers who may open every environment of
   * the organization (evaluate.ts requires that of text that is not stored).
   */
  readonly notStored: SecretCrypter;
}

export interface DataKeyOptions {
  /** Whether legacy organization-bound ciphertext still opens (Organization.environmentBoundSecrets is false). */
  acceptLegacy: boolean;
  /** The ids of the organization's environments, for `notStored` (asked for once, on its first bound ciphertext). */
  environmentIds?: () => Promise<readonly string[]>;
}

function decryptWith(
  dataKey: Uint8Array,
  ciphertext: Uint8Array,
  environmentId: string | undefined,
  { acceptLegacy }: DataKeyOptions,
): Uint8Array {
  try {
    const version = sealedVersion(ciphertext);
    if (version === LEGACY_ORG_BOUND) {
      if (!acceptLegacy) throw new DecryptionError(LEGACY_REFUSED);
      return open(dataKey, ciphertext, LEGACY_MISMATCH, "", LEGACY_ORG_BOUND);
    }
    if (version === ENVIRONMENT_BOUND) {
      if (environmentId === undefined) throw new DecryptionError(NOT_STORED);
      return open(dataKey, ciphertext, WRONG_ENVIRONMENT, secretContext(environmentId), ENVIRONMENT_BOUND);
    }
    throw new DecryptionError(
      version === undefined
        ? "the encrypted data is truncated or not in the expected format"
        : `the encrypted data has an unknown format version (${version})`,
    );
  } catch (error) {
    if (error instanceof DecryptionError) throw new Error(error.message);
    throw error;
  }
}

/** A SecretCrypter over one data key for one environment (undefined: text that is not stored). */
export function crypterForDataKey(
  dataKey: Uint8Array,
  environmentId: string | undefined,
  options: DataKeyOptions,
): SecretCrypter {
  return {
    async encrypt(plaintext) {
      if (environmentId === undefined)
        throw new Error("definition text that is not stored has no environment to encrypt secrets for");
      return seal(dataKey, plaintext, secretContext(environmentId), ENVIRONMENT_BOUND);
    },
    async decrypt(ciphertext) {
      return decryptWith(dataKey, ciphertext, environmentId, options);
    },
  };
}

/** Opens environment-bound `ciphertext` as any of `environmentIds` would. */
async function decryptForAnyEnvironment(
  dataKey: Uint8Array,
  ciphertext: Uint8Array,
  environmentIds: readonly string[],
): Promise<Uint8Array> {
  for (const id of environmentIds) {
    try {
      return open(dataKey, ciphertext, IN_NO_ENVIRONMENT, secretContext(id), ENVIRONMENT_BOUND);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
    }
  }
  throw new Error(IN_NO_ENVIRONMENT);
}

/** The OrgCrypter over one data key. */
export function orgCrypterForDataKey(dataKey: Uint8Array, options: DataKeyOptions): OrgCrypter {
  const unattached = crypterForDataKey(dataKey, undefined, options);
  const { environmentIds } = options;
  let ids: Promise<readonly string[]> | undefined;
  return {
    forEnvironment: (environmentId) => crypterForDataKey(dataKey, environmentId, options),
    notStored: environmentIds
      ? {
          encrypt: unattached.encrypt,
          async decrypt(ciphertext) {
            if (sealedVersion(ciphertext) !== ENVIRONMENT_BOUND) return unattached.decrypt(ciphertext);
            ids ??= environmentIds();
            return decryptForAnyEnvironment(dataKey, ciphertext, await ids);
          },
        }
      : unattached,
  };
}

/**
 * The crypter for an organization: one query (the data key and whether legacy ciphertext still
 * opens come from the same row). Creates the organization's data key on first use: the
 * conditional update lets exactly one of several concurrent callers install it, and all of them
 * then use the stored one. `stored`: that row, when the caller has read it already (ORG_KEY).
 */
export async function getOrgCrypter(
  db: Db,
  orgId: string,
  masterKey: Uint8Array = getMasterKey(),
  stored?: StoredOrgKey,
): Promise<OrgCrypter> {
  const select = { wrappedDataKey: true, environmentBoundSecrets: true } as const;
  let org: StoredOrgKey | null = stored ?? (await readStoredOrgKey(db, orgId));
  if (!org.wrappedDataKey) {
    await db.organization.updateMany({
      where: { id: orgId, wrappedDataKey: null },
      data: { wrappedDataKey: newWrappedDataKey(orgId, masterKey) },
    });
    org = await db.organization.findUnique({ where: { id: orgId }, select });
    if (!org?.wrappedDataKey) throw new Error(`organization ${orgId} not found`);
  }
  return orgCrypterForDataKey(openWithMasterKey(org.wrappedDataKey, dataKeyContext(orgId), masterKey), {
    acceptLegacy: !org.environmentBoundSecrets,
    // Read only when text that is not stored holds bound ciphertext to decrypt (never on open).
    environmentIds: async () =>
      (await db.environment.findMany({ where: { orgId }, select: { id: true } })).map((e) => e.id),
  });
}

/** An organization's stored data key (wrapped), as getOrgCrypter reads it. */
export interface StoredOrgKey {
  wrappedDataKey: Uint8Array | null;
  environmentBoundSecrets: boolean;
}

async function readStoredOrgKey(db: Db, orgId: string): Promise<StoredOrgKey> {
  // Every open reads it: through the driver (lib/db/fast-sql.ts).
  const [stored] = await fastSql(db).rows<{
    wrappedDataKey: Uint8Array | null;
    environmentBoundSecrets: unknown;
  }>('SELECT "wrappedDataKey", "environmentBoundSecrets" FROM "Organization" WHERE "id" = ?', [orgId]);
  if (!stored) throw new Error(`organization ${orgId} not found`);
  return {
    wrappedDataKey: stored.wrappedDataKey,
    environmentBoundSecrets: asBoolean(stored.environmentBoundSecrets),
  };
}

/** The organization's stored key, read with a permission check (a ScopeJoin), for getOrgCrypter. */
export const ORG_KEY: ScopeJoin<StoredOrgKey> = {
  columns:
    ', o."wrappedDataKey" AS "orgWrappedDataKey", o."environmentBoundSecrets" AS "orgEnvironmentBoundSecrets"',
  joins: "",
  params: [],
  read: (row) => ({
    wrappedDataKey: (row.orgWrappedDataKey as Uint8Array | null) ?? null,
    environmentBoundSecrets: asBoolean(row.orgEnvironmentBoundSecrets),
  }),
};
