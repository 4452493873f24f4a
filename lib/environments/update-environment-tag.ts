import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { isUniqueViolation } from "@/lib/db/errors";
import { ConflictError, NotFoundError } from "./errors";
import { environmentTagInfo, environmentTagSelect } from "./environment-tag-row";
import { validateEnvironmentTag } from "./names";
import { environmentScope } from "./scope";
import type { Actor, EnvironmentTagInfo } from "./types";

/**
 * Renames and/or changes the tag `name` (ESC's PATCH `{currentTag:{value}, newTag:{name, value}}`).
 * With `currentValue`, only if the tag still has that value.
 */
async function updateEnvironmentTagUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  name: string,
  change: { currentValue?: string; newName?: string; newValue: string },
  db: Db = getDb(),
): Promise<EnvironmentTagInfo> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "write");
  const next = validateEnvironmentTag(change.newName ?? name, change.newValue);
  const existing =
    typeof name === "string" && name.length <= 255
      ? await db.environmentTag.findUnique({
          where: { environmentId_name: { environmentId: row.id, name } },
          select: { id: true, value: true },
        })
      : null;
  if (!existing) throw new NotFoundError(`tag "${String(name).slice(0, 100)}" not found`);
  const { count } = await db.environmentTag
    .updateMany({
      where: {
        id: existing.id,
        ...(change.currentValue !== undefined ? { value: change.currentValue } : {}),
      },
      data: { name: next.name, value: next.value, editorId: actor.userId },
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new ConflictError(`tag "${next.name}" already exists`);
      throw error;
    });
  if (count === 0) throw new ConflictError(`tag "${name}" has changed since it was read`);
  return environmentTagInfo(
    await db.environmentTag.findUniqueOrThrow({ where: { id: existing.id }, select: environmentTagSelect }),
  );
}

/** `updateEnvironmentTagUnaudited`, recorded in the audit trail (success, denied or error). */
export function updateEnvironmentTag(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  name: string,
  change: { currentValue?: string; newName?: string; newValue: string },
  db: Db = getDb(),
): Promise<EnvironmentTagInfo> {
  return audited(
    db,
    actor,
    orgName,
    "environment.tag.update",
    `${project}/${env} tag ${String(name).slice(0, 100)}`,
    () => updateEnvironmentTagUnaudited(actor, orgName, project, env, name, change, db),
  );
}
