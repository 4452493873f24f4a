import { getDb, type Db } from "@/lib/db/client";
import { environmentTagInfo, environmentTagSelect } from "./environment-tag-row";
import { pageByName, pageSize } from "./paging";
import { environmentScope } from "./scope";
import type { Actor, EnvironmentTagInfo } from "./types";

export const MAX_ENVIRONMENT_TAGS_PAGE = 500;

/** Environment tags sorted by name; `after` is an exclusive name cursor. */
export async function listEnvironmentTags(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  page: { after?: string; count?: number } = {},
  db: Db = getDb(),
): Promise<EnvironmentTagInfo[]> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "read");
  const count = pageSize(page.count, MAX_ENVIRONMENT_TAGS_PAGE);
  const rows = await db.environmentTag.findMany({
    where: { environmentId: row.id },
    select: environmentTagSelect,
  });
  return pageByName(rows.map(environmentTagInfo), page.after, count);
}
