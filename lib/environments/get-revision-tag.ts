import { getDb, type Db } from "@/lib/db/client";
import { NotFoundError } from "./errors";
import { LATEST_TAG, latestTag } from "./latest-tag";
import { revisionTagInfo, revisionTagSelect } from "./revision-tag-row";
import { environmentScope } from "./scope";
import type { Actor, RevisionTagInfo } from "./types";

export async function getRevisionTag(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  tag: string,
  db: Db = getDb(),
): Promise<RevisionTagInfo> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "read");
  if (tag === LATEST_TAG) return latestTag(db, row);
  const found =
    typeof tag === "string" && tag.length <= 100
      ? await db.revisionTag.findUnique({
          where: { environmentId_name: { environmentId: row.id, name: tag } },
          select: revisionTagSelect,
        })
      : null;
  if (!found) throw new NotFoundError(`revision tag "${String(tag).slice(0, 100)}" not found`);
  return revisionTagInfo(found);
}
