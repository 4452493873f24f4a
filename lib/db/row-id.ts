// Ids for rows written outside Prisma's model API (raw inserts on hot paths, rows whose id must
// exist before the row does), shaped like Prisma's cuid() default: "c", the time, a counter, then
// random base-36 characters, 25 in all. Time and counter have fixed widths, so the ids one process
// makes sort in the order it made them, also within one millisecond (the audit log orders events
// by time, then id).
import { randomBytes } from "node:crypto";

const COUNTER_SPACE = 36 ** 4;
let counter = 0;

export function newRowId(): string {
  counter = (counter + 1) % COUNTER_SPACE;
  let random = "";
  for (const byte of randomBytes(12)) random += (byte % 36).toString(36);
  return `c${Date.now().toString(36).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${random}`;
}
