import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { isUniqueViolation, isWriteConflict, retryOnWriteConflict } from "@/lib/db/errors";
import { ConflictError, ValidationError } from "./errors";
import { resolveVersion, type Version } from "./resolve-version";
import { environmentScope } from "./scope";
import type { Actor } from "./types";

/**
 * Retracts a revision (e.g. one that exposed a secret): from now on reading it yields the
 * replacement's definition instead (default replacement: the newest earlier revision that is not
 * retracted). Retracting the newest revision also stores the replacement's definition as a new
 * revision, so `latest` never serves retracted content.
 */
async function retractRevisionUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version: Version,
  options: { replacement?: number; reason?: string } = {},
  db: Db = getDb(),
): Promise<{ retracted: number; replacement: number; newRevision?: number }> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "write");
  const number = await resolveVersion(db, row.id, version);
  const reason = options.reason ?? "";
  if (typeof reason !== "string" || reason.length > 1000)
    throw new ValidationError("the reason must be at most 1000 characters");
  try {
    const result = await retryOnWriteConflict(() =>
      db.$transaction(async (tx) => {
        const target = await tx.revision.findUniqueOrThrow({
          where: { environmentId_number: { environmentId: row.id, number } },
          select: { retractedAt: true },
        });
        if (target.retractedAt) throw new ConflictError(`revision ${number} is already retracted`);
        const replacement =
          options.replacement !== undefined
            ? await tx.revision.findUnique({
                where: { environmentId_number: { environmentId: row.id, number: options.replacement } },
                select: { number: true, yaml: true, retractedAt: true },
              })
            : await tx.revision.findFirst({
                where: { environmentId: row.id, number: { lt: number }, retractedAt: null },
                orderBy: { number: "desc" },
                select: { number: true, yaml: true, retractedAt: true },
              });
        if (!replacement)
          throw new ValidationError(
            options.replacement !== undefined
              ? `revision ${options.replacement} not found`
              : "there is no earlier revision to replace it with",
          );
        if (replacement.number === number) throw new ValidationError("a revision cannot replace itself");
        if (replacement.retractedAt)
          throw new ValidationError(
            `revision ${replacement.number} is retracted and cannot be a replacement`,
          );
        await tx.revision.update({
          where: { environmentId_number: { environmentId: row.id, number } },
          data: {
            retractedAt: new Date(),
            retractedById: actor.userId,
            retractedReason: reason,
            retractedReplacement: replacement.number,
          },
        });
        const head = await tx.revision.findFirst({
          where: { environmentId: row.id },
          orderBy: { number: "desc" },
          select: { number: true },
        });
        if (head?.number !== number) return { retracted: number, replacement: replacement.number };
        await tx.revision.create({
          data: { environmentId: row.id, number: number + 1, yaml: replacement.yaml, authorId: actor.userId },
        });
        await tx.environment.update({ where: { id: row.id }, data: { updatedAt: new Date() } });
        return { retracted: number, replacement: replacement.number, newRevision: number + 1 };
      }),
    );
    return result;
  } catch (error) {
    if (isUniqueViolation(error) || isWriteConflict(error))
      throw new ConflictError("the environment changed while retracting; try again");
    throw error;
  }
}

/** `retractRevisionUnaudited`, recorded in the audit trail (success, denied or error). */
export function retractRevision(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version: Version,
  options: { replacement?: number; reason?: string } = {},
  db: Db = getDb(),
): Promise<{ retracted: number; replacement: number; newRevision?: number }> {
  return audited(
    db,
    actor,
    orgName,
    "environment.retract",
    `${project}/${env}@${String(version).slice(0, 100)}`,
    () => retractRevisionUnaudited(actor, orgName, project, env, version, options, db),
    (r) => ({ target: `${project}/${env}@${r.retracted}` }),
  );
}
