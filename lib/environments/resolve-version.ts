import type { Db } from "@/lib/db/client";
import { NotFoundError, ValidationError } from "./errors";

/** A revision number or a revision tag name (`latest` included). */
export type Version = number | string;

/**
 * The revision number `version` names in the environment: undefined or `latest` → the newest,
 * a number (or numeric string) → that revision, anything else → the revision tag of that name.
 */
export async function resolveVersion(
  db: Db,
  environmentId: string,
  version: Version | undefined,
): Promise<number> {
  if (version === undefined || version === "latest" || version === "") {
    const head = await db.revision.findFirst({
      where: { environmentId },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    if (!head) throw new NotFoundError("the environment has no revisions");
    return head.number;
  }
  if (typeof version === "number" || /^[0-9]+$/.test(version)) {
    const number = Number(version);
    if (!Number.isSafeInteger(number) || number < 1)
      throw new ValidationError("a revision number must be a positive integer");
    const row = await db.revision.findUnique({
      where: { environmentId_number: { environmentId, number } },
      select: { number: true },
    });
    if (!row) throw new NotFoundError(`revision ${number} not found`);
    return number;
  }
  if (typeof version !== "string" || version.length > 100) throw new NotFoundError("revision tag not found");
  const tag = await db.revisionTag.findUnique({
    where: { environmentId_name: { environmentId, name: version } },
    select: { revisionNumber: true },
  });
  if (!tag) throw new NotFoundError(`revision tag "${version}" not found`);
  return tag.revisionNumber;
}
