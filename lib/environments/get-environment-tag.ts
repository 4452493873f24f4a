import { getDb, type Db } from "@/lib/db/client";
import { NotFoundError } from "./errors";
import { environmentTagInfo, environmentTagSelect } from "./environment-tag-row";
import { environmentScope } from "./scope";
import type { Actor, EnvironmentTagInfo } from "./types";

export async function getEnvironmentTag(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  name: string,
  db: Db = getDb(),
): Promise<EnvironmentTagInfo> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "read");
  const found =
    typeof name === "string" && name.length <= 255
      ? await db.environmentTag.findUnique({
          where: { environmentId_name: { environmentId: row.id, name } },
          select: environmentTagSelect,
        })
      : null;
  if (!found) throw new NotFoundError(`tag "${String(name).slice(0, 100)}" not found`);
  return environmentTagInfo(found);
}
