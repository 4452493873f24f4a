// Recognising database errors the service layer turns into user-facing answers.
import { Prisma } from "./generated/sqlite/client";

/** A unique constraint rejected the write (Prisma P2002, on either provider). */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  // The PostgreSQL client has its own (structurally identical) error class.
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** A write lost a race on SQLite (SQLITE_BUSY) or PostgreSQL (serialization/deadlock). */
export function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "P2034") return true;
  const message = error instanceof Error ? error.message : "";
  return /database is locked|SQLITE_BUSY|could not serialize|deadlock detected/i.test(message);
}
