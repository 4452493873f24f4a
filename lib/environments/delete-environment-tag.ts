import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { NotFoundError } from "./errors";
import { environmentScope } from "./scope";
import type { Actor } from "./types";

async function deleteEnvironmentTagUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  name: string,
  db: Db = getDb(),
): Promise<void> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "write");
  const { count } =
    typeof name === "string"
      ? await db.environmentTag.deleteMany({ where: { environmentId: row.id, name } })
      : { count: 0 };
  if (count === 0) throw new NotFoundError(`tag "${String(name).slice(0, 100)}" not found`);
}

/** `deleteEnvironmentTagUnaudited`, recorded in the audit trail (success, denied or error). */
export function deleteEnvironmentTag(
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
    "environment.tag.delete",
    `${project}/${env} tag ${String(name).slice(0, 100)}`,
    () => deleteEnvironmentTagUnaudited(actor, orgName, project, env, name, db),
  );
}
