import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { NotFoundError, ValidationError } from "./errors";
import { LATEST_TAG } from "./latest-tag";
import { resolveVersion } from "./resolve-version";
import { revisionTagInfo, revisionTagSelect } from "./revision-tag-row";
import { environmentScope } from "./scope";
import type { Actor, RevisionTagInfo } from "./types";

/** Moves the tag `name` to `revision`. NotFoundError if the tag does not exist (the CLI then creates it). */
async function updateRevisionTagUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  name: string,
  revision: number,
  db: Db = getDb(),
): Promise<RevisionTagInfo> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "write");
  if (name === LATEST_TAG)
    throw new ValidationError(
      `the "${LATEST_TAG}" tag always follows the newest revision and cannot be moved`,
    );
  const number = await resolveVersion(db, row.id, revision);
  const { count } = await db.revisionTag.updateMany({
    where: { environmentId: row.id, name },
    data: { revisionNumber: number, editorId: actor.userId },
  });
  if (count === 0) throw new NotFoundError(`revision tag "${String(name).slice(0, 100)}" not found`);
  const updated = await db.revisionTag.findUniqueOrThrow({
    where: { environmentId_name: { environmentId: row.id, name } },
    select: revisionTagSelect,
  });
  return revisionTagInfo(updated);
}

/** `updateRevisionTagUnaudited`, recorded in the audit trail (success, denied or error). */
export function updateRevisionTag(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  name: string,
  revision: number,
  db: Db = getDb(),
): Promise<RevisionTagInfo> {
  return audited(
    db,
    actor,
    orgName,
    "revision.tag.update",
    `${project}/${env}@${revision} tag ${String(name).slice(0, 100)}`,
    () => updateRevisionTagUnaudited(actor, orgName, project, env, name, revision, db),
  );
}
