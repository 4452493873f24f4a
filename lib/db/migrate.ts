// Applies the committed SQL migrations (prisma/migrations, prisma/postgres/migrations) at start-up
// and in test setup. The bookkeeping is Prisma's own `_prisma_migrations` table with the same
// columns, checksums (SHA-256 of migration.sql) and timestamps, so `prisma migrate deploy` agrees
// with what this runner did and vice versa.
//
// Two processes starting at once must not both apply a migration: on PostgreSQL we hold the same
// advisory lock `prisma migrate deploy` takes; on SQLite everything happens inside one
// BEGIN IMMEDIATE transaction, which admits a single writer (SQLite DDL is transactional).
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { MIGRATION_SETS } from "./migration-sets";
import { databaseKind, databaseUrlFromEnv, sqliteFilePath, type DatabaseKind } from "./url";

/** The advisory lock id Prisma's schema engine uses for migrations on PostgreSQL. */
const PRISMA_ADVISORY_LOCK = 72707369;

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

interface AppliedRow {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

export function migrationsDir(kind: DatabaseKind, root = process.cwd()): string {
  const set = MIGRATION_SETS.find((s) => s.provider === kind);
  if (!set) throw new Error(`no migrations for ${kind}`);
  return path.join(root, set.migrations);
}

function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Decides what to apply; a failed migration recorded by `prisma migrate deploy` needs a human. */
function pending(migrations: Migration[], rows: AppliedRow[]): Migration[] {
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length > 0) {
    throw new Error(
      `migration ${failed[0].migration_name} failed earlier and is not rolled back; resolve it (prisma migrate resolve) before starting`,
    );
  }
  const done = new Set(
    rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name),
  );
  return migrations.filter((m) => !done.has(m.name));
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

function applySqlite(url: string, migrations: Migration[]): string[] {
  const db = new Database(sqliteFilePath(url), { timeout: 30_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(SQLITE_TABLE);
      const rows = db
        .prepare(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`)
        .all() as AppliedRow[];
      const todo = pending(migrations, rows);
      const record = db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
      );
      for (const m of todo) {
        // Prisma stores SQLite timestamps here as Unix milliseconds.
        const started = Date.now();
        runStep(m, () => db.exec(m.sql));
        record.run(randomUUID(), m.checksum, Date.now(), m.name, started);
      }
      db.exec("COMMIT");
      return todo.map((m) => m.name);
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
  } finally {
    db.close();
  }
}

async function applyPostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(POSTGRES_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`,
      );
      const todo = pending(migrations, rows);
      for (const m of todo) {
        // One transaction per migration: PostgreSQL DDL is transactional, so a failure leaves no trace.
        await client.query("BEGIN");
        try {
          const started = new Date();
          await runStepAsync(m, () => client.query(m.sql));
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
            [randomUUID(), m.checksum, m.name, started],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
      }
      return todo.map((m) => m.name);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
    }
  } finally {
    await client.end();
  }
}

function runStep(m: Migration, step: () => void): void {
  try {
    step();
  } catch (error) {
    throw new Error(`migration ${m.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function runStepAsync(m: Migration, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    throw new Error(`migration ${m.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Brings the database at `databaseUrl` (default: DATABASE_URL, else file:./data/esc.db) up to the
 * newest committed migration. Returns the names of the migrations it applied (empty if none).
 */
export async function applyMigrations(
  databaseUrl: string = databaseUrlFromEnv(),
  options: { root?: string } = {},
): Promise<string[]> {
  const kind = databaseKind(databaseUrl);
  const migrations = readMigrations(migrationsDir(kind, options.root));
  return kind === "sqlite" ? applySqlite(databaseUrl, migrations) : applyPostgres(databaseUrl, migrations);
}
