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
  const { code, meta, message, cause } = error as {
    code?: unknown;
    meta?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  if (code === "P2034") return true;
  // Inside an interactive transaction the PostgreSQL adapter's DriverAdapterError says it only in
  // `cause` ({ kind: "TransactionWriteConflict", originalCode: "40001", originalMessage }).
  if ((cause as { kind?: unknown } | undefined)?.kind === "TransactionWriteConflict") return true;
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

/** Past this, a lost write is an outage rather than a race (below SQLite's 5 s busy timeout). */
const RETRY_BUDGET_MS = 3_000;

/**
 * Runs `transaction` again (a few times, after a short random pause) when it loses a write race
 * (isWriteConflict); any other error, and the last conflict, propagate.
 */
export async function retryOnWriteConflict<T>(transaction: () => Promise<T>, attempts = 6): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!isWriteConflict(error)) throw error;
      // Losing every attempt is not a race any more: another process holds the write lock (or
      // the database keeps refusing). That is an outage to report (503 "try again"), not a
      // conflict with someone's change. So is one conflict that took longer than a race takes:
      // SQLite reports a held lock only after its busy timeout, and six more waits would keep
      // the caller for half a minute.
      if (attempt >= attempts || Date.now() - started >= RETRY_BUDGET_MS)
        throw new DatabaseUnavailableError(error);
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
    }
  }
}

/** The database could not serve the request (see isDatabaseUnavailable); `cause` is the driver's error. */
export class DatabaseUnavailableError extends Error {
  constructor(readonly cause: unknown) {
    super("the database did not accept the write: another process kept its write lock");
    this.name = "DatabaseUnavailableError";
  }
}

/** Prisma's codes for "cannot reach / lost / timed out waiting for the database". */
const UNAVAILABLE_CODES = new Set([
  "P1000",
  "P1001",
  "P1002",
  "P1003",
  "P1008",
  "P1011",
  "P1017",
  "P2024",
  "P2037",
]);

/**
 * The database cannot serve the request right now (down, unreachable, renamed away, refusing
 * connections, or a SQLite file whose write lock another process held beyond the busy timeout):
 * transports answer 503 "try again" rather than a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if (error instanceof DatabaseUnavailableError) return true;
  const { code, meta, message, cause } = error as {
    code?: unknown;
    meta?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
  // Node socket errors, and PostgreSQL's connection/shutdown classes (08…, 57P0x, 3D000).
  if (
    typeof code === "string" &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|08\d{3}|57P0[1-3]|3D000|53300)$/.test(code)
  )
    return true;
  const text = `${typeof message === "string" ? message : ""} ${safeJson(meta)}`;
  if (
    /SQLITE_BUSY|database is locked|Can't reach database server|Connection terminated|is not queryable|timeout exceeded when trying to connect|DatabaseNotReachable|DatabaseDoesNotExist|ConnectionClosed|SocketTimeout|TooManyConnections/i.test(
      text,
    )
  )
    return true;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause);
}
