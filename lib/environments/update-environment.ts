import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { isUniqueViolation, isWriteConflict, retryOnWriteConflict } from "@/lib/db/errors";
import { getOrgCrypter } from "@/lib/crypto/org-crypter";
import { ConflictError } from "./errors";
import { checkDefinitionText, encryptDefinition } from "./definition-text";
import { environmentEtag } from "./etag";
import { environmentScope } from "./scope";
import type { Actor } from "./types";

export const STALE_ETAG_MESSAGE =
  "the environment has changed since it was read; reload it and apply your change again";

/**
 * Stores `yaml` as the next revision of `project/env` (new plaintext `fn::secret` values are
 * encrypted first) and returns its number. With `expectedEtag`, only if the environment is still
 * at the revision that ETag names. Revision numbers never gap or repeat: the next number is read
 * and inserted in one transaction, and the unique (environment, number) index turns a concurrent
 * writer that picked the same number into a ConflictError.
 */
async function updateEnvironmentUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  yaml: string,
  options: { expectedEtag?: string } = {},
  db: Db = getDb(),
): Promise<{ revision: number; etag: string }> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "write");
  const crypter = (await getOrgCrypter(db, row.orgId)).forEnvironment(row.id);
  const stored = await encryptDefinition(checkDefinitionText(yaml), crypter);
  try {
    // A transaction that lost a race on SQLite re-reads the head, so without an etag it succeeds
    // on the next try, and with a stale etag it then answers the conflict.
    const revision = await retryOnWriteConflict(() =>
      db.$transaction(async (tx) => {
        const head = await tx.revision.findFirst({
          where: { environmentId: row.id },
          orderBy: { number: "desc" },
          select: { number: true },
        });
        const current = head?.number ?? 0;
        if (options.expectedEtag !== undefined && options.expectedEtag !== environmentEtag(row.id, current)) {
          throw new ConflictError(STALE_ETAG_MESSAGE);
        }
        const next = current + 1;
        await tx.revision.create({
          data: { environmentId: row.id, number: next, yaml: stored, authorId: actor.userId },
        });
        await tx.environment.update({ where: { id: row.id }, data: { updatedAt: new Date() } });
        return next;
      }),
    );
    return { revision, etag: environmentEtag(row.id, revision) };
  } catch (error) {
    if (isUniqueViolation(error) || isWriteConflict(error)) throw new ConflictError(STALE_ETAG_MESSAGE);
    throw error;
  }
}

/** `updateEnvironmentUnaudited`, recorded in the audit trail (success, denied or error). */
export function updateEnvironment(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  yaml: string,
  options: { expectedEtag?: string } = {},
  db: Db = getDb(),
): Promise<{ revision: number; etag: string }> {
  return audited(
    db,
    actor,
    orgName,
    "environment.update",
    `${project}/${env}`,
    () => updateEnvironmentUnaudited(actor, orgName, project, env, yaml, options, db),
    (saved) => ({ target: `${project}/${env}@${saved.revision}` }),
  );
}
