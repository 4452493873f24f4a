import { getDb, type Db } from "@/lib/db/client";
import { ValidationError } from "./errors";
import { loginOf, nameOf, userSelect } from "./people";
import { retractionOf, retractionSelect } from "./retraction";
import { environmentScope } from "./scope";
import type { Actor, EnvironmentRevisionInfo } from "./types";

export const MAX_REVISIONS_PAGE = 500;

/**
 * Revisions newest first. `before` is exclusive (0 or absent: from the newest); `count` defaults
 * to and is capped at 500. The CLI pages with `before=<last number>` until it gets [].
 */
export async function listRevisions(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  page: { before?: number; count?: number } = {},
  db: Db = getDb(),
): Promise<EnvironmentRevisionInfo[]> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "read");
  const before = page.before ?? 0;
  const count = page.count ?? MAX_REVISIONS_PAGE;
  if (!Number.isSafeInteger(before) || before < 0)
    throw new ValidationError("before must be a non-negative integer");
  if (!Number.isSafeInteger(count) || count < 0)
    throw new ValidationError("count must be a non-negative integer");
  if (count === 0) return [];
  const [revisions, tags, head] = await Promise.all([
    db.revision.findMany({
      where: { environmentId: row.id, ...(before > 0 ? { number: { lt: before } } : {}) },
      orderBy: { number: "desc" },
      take: Math.min(count, MAX_REVISIONS_PAGE),
      select: { number: true, createdAt: true, author: userSelect, ...retractionSelect },
    }),
    db.revisionTag.findMany({
      where: { environmentId: row.id },
      select: { name: true, revisionNumber: true },
      orderBy: { name: "asc" },
    }),
    db.revision.findFirst({
      where: { environmentId: row.id },
      orderBy: { number: "desc" },
      select: { number: true },
    }),
  ]);
  return revisions.map((r) => ({
    number: r.number,
    created: r.createdAt,
    creatorLogin: loginOf(r.author),
    creatorName: nameOf(r.author),
    tags: [
      ...(r.number === head?.number ? ["latest"] : []),
      ...tags.filter((t) => t.revisionNumber === r.number).map((t) => t.name),
    ].sort(),
    retracted: retractionOf(r),
  }));
}
