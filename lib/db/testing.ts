// Test databases: a fresh, migrated database per call, on a temp SQLite file or on the real
// PostgreSQL at 127.0.0.1:5432 (override the server with TEST_POSTGRES_URL). Each gets a unique
// name and is dropped afterwards, so runs never see each other's data.
//
//   for (const kind of DATABASE_KINDS) describe(kind, () => {
//     let t: TestDatabase;
//     beforeAll(async () => { t = await createTestDatabase(kind); });
//     afterAll(() => t.drop());
//     ...
//   });
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, type Db } from "./client";
import { applyMigrations } from "./migrate";
import type { DatabaseKind } from "./url";

export const DATABASE_KINDS: readonly DatabaseKind[] = ["sqlite", "postgresql"];

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  db: Db;
  /** Disconnects and deletes the database. Safe to call twice. */
  drop(): Promise<void>;
}

const postgresServer = () => process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresServer() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  let url: string;
  let remove: () => Promise<void>;
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "esc-test-db-"));
    url = `file:${path.join(dir, "test.db")}`;
    remove = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `esc_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
    await adminQuery(`CREATE DATABASE "${name}"`);
    const server = new URL(postgresServer());
    server.pathname = `/${name}`;
    url = server.toString();
    remove = () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
  await applyMigrations(url);
  const db = createDb(url);
  let dropped = false;
  return {
    kind,
    url,
    db,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.$disconnect();
      await remove();
    },
  };
}

/** Runs `fn` with a fresh database of `kind` and drops it afterwards, whatever happens. */
export async function withTestDatabase<T>(
  kind: DatabaseKind,
  fn: (t: TestDatabase) => Promise<T>,
): Promise<T> {
  const t = await createTestDatabase(kind);
  try {
    return await fn(t);
  } finally {
    await t.drop();
  }
}
