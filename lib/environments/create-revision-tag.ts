import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { isUniqueViolation } from "@/lib/db/errors";
import { ConflictError } from "./errors";
import { LATEST_TAG } from "./latest-tag";
import { validateRevisionTagName } from "./names";
import { resolveVersion } from "./resolve-version";
import { revisionTagInfo, revisionTagSelect } from "./revision-tag-row";
import { environmentScope } from "./scope";
import type { Actor, RevisionTagInfo } from "./types";

/** Tags `revision` (default: the newest) as `name`. ConflictError if the tag exists. */
async function createRevisionTagUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  name: string,
  revision?: number,
  db: Db = getDb(),
): Promise<RevisionTagInfo> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "write");
  if (name === LATEST_TAG) throw new ConflictError(`revision tag "${LATEST_TAG}" already exists`);
  validateRevisionTagName(name);
  const number = await resolveVersion(db, row.id, revision);
  try {
    const created = await db.revisionTag.create({
      data: { environmentId: row.id, name, revisionNumber: number, editorId: actor.userId },
      select: revisionTagSelect,
    });
    return revisionTagInfo(created);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`revision tag "${name}" already exists`);
    throw error;
  }
}

/** `createRevisionTagUnaudited`, recorded in the audit trail (success, denied or error). */
export function createRevisionTag(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  name: string,
  revision?: number,
  db: Db = getDb(),
): Promise<RevisionTagInfo> {
  return audited(
    db,
    actor,
    orgName,
    "revision.tag.create",
    `${project}/${env} tag ${String(name).slice(0, 100)}`,
    () => createRevisionTagUnaudited(actor, orgName, project, env, name, revision, db),
    (tag) => ({ target: `${project}/${env}@${tag.revision} tag ${tag.name}` }),
  );
}
