import { getDb, type Db } from "@/lib/db/client";
import { ValidationError } from "./errors";
import { LATEST_TAG, latestTag } from "./latest-tag";
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
  const { env: row } = await environmentScope(db, actor, orgName, project, env);
  const count = page.count ?? MAX_TAGS_PAGE;
  if (!Number.isSafeInteger(count) || count < 0) throw new ValidationError("count must be a non-negative integer");
  const after = page.after ?? "";
  const stored = await db.revisionTag.findMany({
    where: { environmentId: row.id, ...(after ? { name: { gt: after } } : {}) },
    orderBy: { name: "asc" },
    take: Math.min(count, MAX_TAGS_PAGE),
    select: revisionTagSelect,
  });
  const tags = stored.map(revisionTagInfo);
  if (LATEST_TAG > after) tags.push(await latestTag(db, row));
  return tags.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, Math.min(count, MAX_TAGS_PAGE));
}
