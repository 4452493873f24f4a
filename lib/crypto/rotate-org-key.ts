// Organization data-key rotation (`npm run keys:rotate-org -- --org NAME`): a new random data
// key for the organization, and every `fn::secret` ciphertext in every revision of every one of
// its environments re-encrypted from the old key to the new one. It all happens in ONE database
// transaction together with the swap of Organization.wrappedDataKey, so at every moment each
// ciphertext opens with the key the database names: an interruption rolls back to the old key
// and the old ciphertext, never a mix.
import type { Db, DbTx } from "@/lib/db/client";
import { randomKey } from "./aead";
import { getMasterKey, openWithMasterKey, sealWithMasterKey } from "./master-key";
import { crypterForDataKey, dataKeyContext } from "./org-crypter";
import { reencryptDefinition } from "./reencrypt-definition";
import { ROTATION_TRANSACTION_TIMEOUT_MS } from "./rotate-master-key";

export interface OrgRotationResult {
  environments: number;
  revisions: number;
  /** Revisions whose text changed. */
  revisionsRewritten: number;
  secrets: number;
  /** Ciphertexts the old key could not open either (left as they were). */
  unreadable: number;
}

export interface OrgRotationHooks {
  /** Called after each environment's revisions are rewritten, inside the transaction; throwing rolls everything back (tests). */
  afterEnvironment?: (environmentId: string) => void | Promise<void>;
}

export class OrgNotFoundError extends Error {
  constructor(name: string) {
    // Organization names are public identifiers, not secrets.
    super(`organization ${JSON.stringify(name)} not found`);
    this.name = "OrgNotFoundError";
  }
}

export async function rotateOrgKey(
  db: Db,
  orgName: string,
  masterKey: Uint8Array = getMasterKey(),
  hooks: OrgRotationHooks = {},
): Promise<OrgRotationResult> {
  return db.$transaction(
    async (tx: DbTx) => {
      const org = await tx.organization.findUnique({
        where: { name: orgName },
        select: { id: true, wrappedDataKey: true },
      });
      if (!org) throw new OrgNotFoundError(orgName);
      const result: OrgRotationResult = {
        environments: 0,
        revisions: 0,
        revisionsRewritten: 0,
        secrets: 0,
        unreadable: 0,
      };
      const newDataKey = randomKey();
      // No data key yet means no ciphertext yet: only the new key is installed.
      if (org.wrappedDataKey) {
        const from = crypterForDataKey(
          openWithMasterKey(org.wrappedDataKey, dataKeyContext(org.id), masterKey),
        );
        const to = crypterForDataKey(newDataKey);
        const environments = await tx.environment.findMany({
          where: { orgId: org.id },
          select: { id: true },
          orderBy: { id: "asc" },
        });
        for (const env of environments) {
          const revisions = await tx.revision.findMany({
            where: { environmentId: env.id },
            select: { id: true, yaml: true },
          });
          for (const revision of revisions) {
            const out = await reencryptDefinition(revision.yaml, from, to);
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
      }
      const wrappedDataKey = Buffer.from(sealWithMasterKey(newDataKey, dataKeyContext(org.id), masterKey));
      await tx.organization.update({ where: { id: org.id }, data: { wrappedDataKey } });
      return result;
    },
    // Serializable: a revision a running server saves meanwhile (under the old key) makes one
    // side fail instead of surviving the swap unreadable.
    { isolationLevel: "Serializable", timeout: ROTATION_TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
}
