// Organization data-key rotation (`npm run keys:rotate-org -- --org NAME`): a new random data
// key for the organization, and every `fn::secret` ciphertext in every revision of every one of
// its environments re-encrypted from the old key to the new one, bound to the environment whose
// revision holds it (org-crypter.ts). It all happens in ONE database transaction together with
// the swap of Organization.wrappedDataKey, so at every moment each ciphertext opens with the key
// the database names: an interruption rolls back to the old key and the old ciphertext, never a mix.
//
// The same pass rebinds legacy organization-bound ciphertext (bind-legacy-secrets.ts): it opens
// with the old key while the organization still accepts it, is written environment-bound under
// the new key, and the organization is marked as accepting bound ciphertext only.
import type { Db, DbTx } from "@/lib/db/client";
import type { SecretCrypter } from "@/lib/esc/contract";
import { randomKey, sealedVersion } from "./aead";
import { getMasterKey, openWithMasterKey, sealWithMasterKey } from "./master-key";
import { dataKeyContext, LEGACY_ORG_BOUND, orgCrypterForDataKey } from "./org-crypter";
import { reencryptDefinition } from "./reencrypt-definition";
import { ROTATION_TRANSACTION_TIMEOUT_MS } from "./rotate-master-key";

export interface OrgRotationResult {
  environments: number;
  revisions: number;
  /** Revisions whose text changed. */
  revisionsRewritten: number;
  secrets: number;
  /** Of `secrets`, those that were legacy organization-bound ciphertext and are now bound to their environment. */
  legacyRebound: number;
  /** Ciphertexts the old key could not open either (left as they were). */
  unreadable: number;
}

export interface OrgRotationHooks {
  /** Called after each environment's revisions are rewritten, inside the transaction; throwing rolls everything back (tests). */
  afterEnvironment?: (environmentId: string) => void | Promise<void>;
}

export interface OrgRotationOptions {
  /** Rotate only if the organization may still hold legacy ciphertext; otherwise do nothing and return undefined. */
  onlyIfLegacy?: boolean;
}

export class OrgNotFoundError extends Error {
  constructor(name: string) {
    // Organization names are public identifiers, not secrets.
    super(`organization ${JSON.stringify(name)} not found`);
    this.name = "OrgNotFoundError";
  }
}

/** `from`, counting the legacy-format ciphertexts it opens. */
function countingLegacy(from: SecretCrypter, count: { legacy: number }): SecretCrypter {
  return {
    encrypt: (plaintext) => from.encrypt(plaintext),
    async decrypt(ciphertext) {
      const plaintext = await from.decrypt(ciphertext);
      if (sealedVersion(ciphertext) === LEGACY_ORG_BOUND) count.legacy++;
      return plaintext;
    },
  };
}

export function rotateOrgKey(
  db: Db,
  orgName: string,
  masterKey?: Uint8Array,
  hooks?: OrgRotationHooks,
): Promise<OrgRotationResult>;
export function rotateOrgKey(
  db: Db,
  org: { id: string },
  masterKey: Uint8Array | undefined,
  hooks: OrgRotationHooks | undefined,
  options: OrgRotationOptions,
): Promise<OrgRotationResult | undefined>;
export async function rotateOrgKey(
  db: Db,
  org: string | { id: string },
  masterKey: Uint8Array = getMasterKey(),
  hooks: OrgRotationHooks = {},
  options: OrgRotationOptions = {},
): Promise<OrgRotationResult | undefined> {
  const where = typeof org === "string" ? { name: org } : { id: org.id };
  return db.$transaction(
    async (tx: DbTx) => {
      const row = await tx.organization.findUnique({
        where,
        select: { id: true, wrappedDataKey: true, environmentBoundSecrets: true },
      });
      if (!row) throw new OrgNotFoundError(typeof org === "string" ? org : org.id);
      if (options.onlyIfLegacy && row.environmentBoundSecrets) return undefined;
      const result: OrgRotationResult = {
        environments: 0,
        revisions: 0,
        revisionsRewritten: 0,
        secrets: 0,
        legacyRebound: 0,
        unreadable: 0,
      };
      const newDataKey = randomKey();
      // No data key yet means no ciphertext yet: only the new key is installed.
      if (row.wrappedDataKey) {
        const from = orgCrypterForDataKey(openWithMasterKey(row.wrappedDataKey, dataKeyContext(row.id), masterKey), {
          acceptLegacy: !row.environmentBoundSecrets,
        });
        const to = orgCrypterForDataKey(newDataKey, { acceptLegacy: false });
        const count = { legacy: 0 };
        const environments = await tx.environment.findMany({
          where: { orgId: row.id },
          select: { id: true },
          orderBy: { id: "asc" },
        });
        for (const env of environments) {
          const revisions = await tx.revision.findMany({
            where: { environmentId: env.id },
            select: { id: true, yaml: true },
          });
          const fromEnv = countingLegacy(from.forEnvironment(env.id), count);
          const toEnv = to.forEnvironment(env.id);
          for (const revision of revisions) {
            const out = await reencryptDefinition(revision.yaml, fromEnv, toEnv);
            result.revisions++;
            result.secrets += out.reencrypted;
            result.unreadable += out.unreadable;
            if (out.yaml !== revision.yaml) {
              await tx.revision.update({ where: { id: revision.id }, data: { yaml: out.yaml } });
              result.revisionsRewritten++;
            }
          }
          result.environments++;
          await hooks.afterEnvironment?.(env.id);
        }
        result.legacyRebound = count.legacy;
      }
      const wrappedDataKey = Buffer.from(sealWithMasterKey(newDataKey, dataKeyContext(row.id), masterKey));
      await tx.organization.update({
        where: { id: row.id },
        data: { wrappedDataKey, environmentBoundSecrets: true },
      });
      return result;
    },
    // Serializable: a revision a running server saves meanwhile (under the old key) makes one
    // side fail instead of surviving the swap unreadable.
    { isolationLevel: "Serializable", timeout: ROTATION_TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
}
