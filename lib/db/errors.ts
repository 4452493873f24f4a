// Recognising database errors the service layer turns into user-facing answers.
import { Prisma } from "./generated/sqlite/client";

/** A unique constraint rejected the write (Prisma P2002, on either provider). */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  // The PostgreSQL client has its own (structurally identical) error class.
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * A transaction lost a race with another writer and may simply be run again: SQLite's
 * SQLITE_BUSY / SQLITE_BUSY_SNAPSHOT (another process holds or just committed the write lock;
 * Prisma reports these as P1008 or with the driver's message), or a PostgreSQL serialization
 * failure or deadlock (P2034).
 */
export function isWriteConflict(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta, message } = error as { code?: unknown; meta?: unknown; message?: unknown };
  if (code === "P2034") return true;
  const text = `${typeof message === "string" ? message : ""} ${safeJson(meta)}`;
  return /SQLITE_BUSY|database is locked|could not serialize|deadlock detected/i.test(text);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/**
 * Runs `transaction` again (a few times, after a short random pause) when it loses a write race
 * (isWriteConflict); any other error, and the last conflict, propagate.
 */
export async function retryOnWriteConflict<T>(transaction: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !isWriteConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
    }
  }
}
