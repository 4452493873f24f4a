import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { NotFoundError, ValidationError } from "./errors";
import { LATEST_TAG } from "./latest-tag";
import { environmentScope } from "./scope";
import type { Actor } from "./types";

async function deleteRevisionTagUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  name: string,
  db: Db = getDb(),
): Promise<void> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "write");
  if (name === LATEST_TAG) throw new ValidationError(`the "${LATEST_TAG}" tag cannot be deleted`);
  const { count } = await db.revisionTag.deleteMany({ where: { environmentId: row.id, name } });
  if (count === 0) throw new NotFoundError(`revision tag "${String(name).slice(0, 100)}" not found`);
}

/** `deleteRevisionTagUnaudited`, recorded in the audit trail (success, denied or error). */
export function deleteRevisionTag(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  name: string,
  db: Db = getDb(),
): Promise<void> {
  return audited(
    db,
    actor,
    orgName,
    "revision.tag.delete",
    `${project}/${env} tag ${String(name).slice(0, 100)}`,
    () => deleteRevisionTagUnaudited(actor, orgName, project, env, name, db),
  );
}
