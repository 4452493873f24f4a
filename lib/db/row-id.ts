// Ids for rows written outside Prisma's model API (raw inserts on hot paths, rows whose id must
// exist before the row does): the same shape as Prisma's cuid() default, "c", the time in base 36,
// then random base-36 characters, 25 in all, so they sort and look like the rest.
import { randomBytes } from "node:crypto";

export function newRowId(): string {
  let random = "";
  for (const byte of randomBytes(16)) random += (byte % 36).toString(36);
  return `c${Date.now().toString(36)}${random}`.slice(0, 25);
}
