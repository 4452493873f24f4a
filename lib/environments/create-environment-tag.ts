import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { isUniqueViolation } from "@/lib/db/errors";
import { ConflictError } from "./errors";
import { environmentTagInfo, environmentTagSelect } from "./environment-tag-row";
import { validateEnvironmentTag } from "./names";
import { environmentScope } from "./scope";
import type { Actor, EnvironmentTagInfo } from "./types";

async function createEnvironmentTagUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  tag: { name: string; value: string },
  db: Db = getDb(),
): Promise<EnvironmentTagInfo> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "write");
  const { name, value } = validateEnvironmentTag(tag?.name, tag?.value);
  try {
    const created = await db.environmentTag.create({
      data: { environmentId: row.id, name, value, editorId: actor.userId },
      select: environmentTagSelect,
    });
    return environmentTagInfo(created);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`tag "${name}" already exists`);
    throw error;
  }
}

/** `createEnvironmentTagUnaudited`, recorded in the audit trail (success, denied or error). */
export function createEnvironmentTag(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  tag: { name: string; value: string },
  db: Db = getDb(),
): Promise<EnvironmentTagInfo> {
  return audited(
    db,
    actor,
    orgName,
    "environment.tag.create",
    `${project}/${env} tag ${String(tag?.name).slice(0, 100)}`,
    () => createEnvironmentTagUnaudited(actor, orgName, project, env, tag, db),
  );
}
