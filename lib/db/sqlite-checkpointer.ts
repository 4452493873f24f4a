// Checkpoints of a SQLite database's write-ahead log, on a thread of their own. By default the
// connection whose commit takes the log past 1,000 pages copies the log into the database file
// and syncs it, inside that commit: better-sqlite3 is synchronous, so the server's event loop
// stood still for it, every few dozen opens under load (a sixth of the server's time in
// bench:load; BENCHMARKS.md). The production server (scripts/serve.mjs) starts this thread; the
// process's own writers then checkpoint only if the log grows far past what the thread leaves
// (it stopped, or cannot keep up), so nothing depends on the thread for correctness.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { databaseKind, databaseUrlFromEnv, sqliteFilePath } from "./url";

/** How often the thread checkpoints. */
const INTERVAL_MS = 200;

/** The log size (pages) at which a writer of this process checkpoints it after all. */
export const BACKGROUND_AUTOCHECKPOINT_PAGES = 10_000;

// PASSIVE: copies what it can without waiting for, or holding up, readers and writers; the next
// writer then starts the log from its beginning again.
const THREAD_SOURCE = `
const { workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // busy or gone for now; the next round tries again, and writers checkpoint past the limit
  }
}, workerData.intervalMs);
`;

// One thread per database file per process, also when two copies of this module are loaded (the
// console's bundle and the API server's).
const REGISTRY = Symbol.for("esc.db.sqliteCheckpointers");

function checkpointedFiles(): Set<string> {
  const global = globalThis as { [REGISTRY]?: Set<string> };
  return (global[REGISTRY] ??= new Set());
}

/**
 * Starts checkpointing the SQLite database of `url` (DATABASE_URL's by default) on a thread;
 * nothing for PostgreSQL. The thread never keeps the process alive.
 */
export function startSqliteCheckpointer(url: string = databaseUrlFromEnv()): void {
  if (databaseKind(url) !== "sqlite") return;
  const file = sqliteFilePath(url);
  const files = checkpointedFiles();
  if (files.has(file)) return;
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const thread = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { driver, file, intervalMs: INTERVAL_MS },
  });
  thread.unref();
  // Connections opened after the thread failed checkpoint at the usual size again (those already
  // open do at BACKGROUND_AUTOCHECKPOINT_PAGES).
  thread.on("error", () => files.delete(file));
  thread.on("exit", () => files.delete(file));
  files.add(file);
}

/** The log size (pages) at which this process's connections to `file` should checkpoint it. */
export function autocheckpointPages(file: string): number {
  return checkpointedFiles().has(file) ? BACKGROUND_AUTOCHECKPOINT_PAGES : 1_000;
}
