/**
 * SQLite's durability setting for every connection that writes (lib/db/client.ts, fast-sql.ts).
 * In WAL mode "NORMAL" syncs the log at checkpoints instead of at every commit: a commit survives
 * the process crashing, and a power loss or OS crash can lose only the last moments of commits,
 * never corrupt the file (the SQLite documentation; the default of Rails and others on SQLite).
 * Every commit waiting for the disk held the event loop (better-sqlite3 is synchronous) for most
 * of a millisecond per write. ESC_SQLITE_SYNCHRONOUS=FULL restores a sync per commit.
 */
export function sqliteSynchronous(): "NORMAL" | "FULL" {
  return process.env.ESC_SQLITE_SYNCHRONOUS?.trim().toUpperCase() === "FULL" ? "FULL" : "NORMAL";
}
