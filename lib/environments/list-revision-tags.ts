import { getDb, type Db } from "@/lib/db/client";
import { latestTag } from "./latest-tag";
import { pageByName, pageSize } from "./paging";
import { revisionTagInfo, revisionTagSelect } from "./revision-tag-row";
import { environmentScope } from "./scope";
import type { Actor, RevisionTagInfo } from "./types";

export const MAX_TAGS_PAGE = 500;

/** Revision tags sorted by name, `latest` included; `after` is an exclusive name cursor. */
export async function listRevisionTags(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  page: { after?: string; count?: number } = {},
  db: Db = getDb(),
): Promise<RevisionTagInfo[]> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "read");
  const count = pageSize(page.count, MAX_TAGS_PAGE);
  const stored = await db.revisionTag.findMany({
    where: { environmentId: row.id },
    select: revisionTagSelect,
  });
  const tags = [...stored.map(revisionTagInfo), await latestTag(db, row)];
  return pageByName(tags, page.after, count);
}
