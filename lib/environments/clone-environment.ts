import { getOrgCrypter } from "@/lib/crypto/org-crypter";
import { reencryptDefinition } from "@/lib/crypto/reencrypt-definition";
import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { isUniqueViolation, retryOnWriteConflict } from "@/lib/db/errors";
import { ConflictError } from "./errors";
import { environmentEtag } from "./etag";
import { newEnvironmentId } from "./new-environment-id";
import { validateEnvironmentName, validateProjectName } from "./names";
import { creatorGrant } from "@/lib/orgs/permissions";
import { environmentCreationScope, environmentScope } from "./scope";
import type { Actor } from "./types";

export interface CloneOptions {
  /** Destination project; defaults to the source's project. */
  project?: string;
  name: string;
  /** Copy every revision (numbers, authors, dates); otherwise the clone starts at revision 1. */
  preserveHistory?: boolean;
  preserveEnvironmentTags?: boolean;
  /** Copy revision tags (only meaningful with preserveHistory, since they name revisions). */
  preserveRevisionTags?: boolean;
}

/**
 * Copies `project/env` to a new environment in the same organization. Every `fn::secret`
 * ciphertext of the copied revisions is re-encrypted bound to the clone (it is bound to the
 * environment it is stored in, lib/crypto/org-crypter.ts); one that does not open in the source
 * (pasted there from elsewhere, damaged) is copied as it is and opens in the clone no more.
 */
async function cloneEnvironmentUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  options: CloneOptions,
  db: Db = getDb(),
): Promise<{ id: string; project: string; name: string; revision: number; etag: string }> {
  // The clone holds the same secrets, and its creator gets admin on it: cloning needs the right
  // to open the source (not merely read it) and the right to create environments.
  const { env: source } = await environmentScope(db, actor, orgName, project, env, "open");
  const membership = await environmentCreationScope(db, actor, orgName);
  const toProject = validateProjectName(options.project ?? source.project);
  const toName = validateEnvironmentName(options.name);
  const revisions = await db.revision.findMany({
    where: { environmentId: source.id },
    orderBy: { number: "asc" },
    select: { number: true, yaml: true, authorId: true, createdAt: true },
  });
  const head = revisions[revisions.length - 1];
  const picked: { number: number; yaml: string; authorId: string | null; createdAt?: Date }[] =
    options.preserveHistory
      ? revisions.map((r) => ({ number: r.number, yaml: r.yaml, authorId: r.authorId, createdAt: r.createdAt }))
      : [{ number: 1, yaml: head.yaml, authorId: actor.userId }];
  // Re-encrypted before the transaction, for the id the clone will get: no lock held meanwhile.
  const id = newEnvironmentId();
  const crypter = await getOrgCrypter(db, source.orgId);
  const from = crypter.forEnvironment(source.id);
  const to = crypter.forEnvironment(id);
  const copied: typeof picked = [];
  for (const r of picked) copied.push({ ...r, yaml: (await reencryptDefinition(r.yaml, from, to)).yaml });
  try {
    const created = await retryOnWriteConflict(() =>
      db.$transaction(async (tx) => {
        const clone = await tx.environment.create({
          data: {
            id,
            orgId: source.orgId,
            project: toProject,
            name: toName,
            revisions: { create: copied },
            permissions: creatorGrant(membership.role, actor.userId),
          },
          select: { id: true },
        });
        if (options.preserveEnvironmentTags) {
          const tags = await tx.environmentTag.findMany({
            where: { environmentId: source.id },
            select: { name: true, value: true, editorId: true },
          });
          for (const t of tags) await tx.environmentTag.create({ data: { ...t, environmentId: clone.id } });
        }
        if (options.preserveRevisionTags && options.preserveHistory) {
          const tags = await tx.revisionTag.findMany({
            where: { environmentId: source.id },
            select: { name: true, revisionNumber: true, editorId: true },
          });
          for (const t of tags) await tx.revisionTag.create({ data: { ...t, environmentId: clone.id } });
        }
        return clone;
      }),
    );
    const revision = copied[copied.length - 1].number;
    return {
      id: created.id,
      project: toProject,
      name: toName,
      revision,
      etag: environmentEtag(created.id, revision),
    };
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(`environment "${toProject}/${toName}" already exists`);
    throw error;
  }
}

/** `cloneEnvironmentUnaudited`, recorded in the audit trail (success, denied or error). */
export function cloneEnvironment(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  options: CloneOptions,
  db: Db = getDb(),
): ReturnType<typeof cloneEnvironmentUnaudited> {
  const to = `${options?.project || project}/${options?.name}`;
  return audited(db, actor, orgName, "environment.clone", `${project}/${env} -> ${to}`, () =>
    cloneEnvironmentUnaudited(actor, orgName, project, env, options, db),
  );
}
