import { getDb, type Db } from "@/lib/db/client";
import { NotFoundError } from "./errors";
import { environmentScope } from "./scope";
import type { Actor } from "./types";

export async function deleteEnvironmentTag(
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
