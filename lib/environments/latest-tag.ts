// `latest` is a revision tag nobody stores: it always names the newest revision.
import type { Db } from "@/lib/db/client";
import { loginOf, nameOf, userSelect } from "./people";
import type { RevisionTagInfo } from "./types";

export const LATEST_TAG = "latest";

export async function latestTag(db: Db, env: { id: string; createdAt: Date }): Promise<RevisionTagInfo> {
  const head = await db.revision.findFirst({
    where: { environmentId: env.id },
    orderBy: { number: "desc" },
    select: { number: true, createdAt: true, author: userSelect },
  });
  return {
    name: LATEST_TAG,
    revision: head?.number ?? 0,
    created: env.createdAt,
    modified: head?.createdAt ?? env.createdAt,
    editorLogin: loginOf(head?.author),
    editorName: nameOf(head?.author),
  };
}
