import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, migrationsDir } from "./migrate";
import { MIGRATION_SETS } from "./migration-sets";
import { pendingMigrationScript } from "./migration-diff";

const root = process.cwd();
const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "esc-migrate-"));
  temps.push(d);
  return d;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const allNames = (kind: "sqlite" | "postgresql" = "sqlite") => readdirNames(migrationsDir(kind));
function readdirNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Runs applyMigrations in a separate Node process (SQLite locking only shows across processes). */
function applyInChild(url: string): Promise<string> {
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  const code = `import { applyMigrations } from ${JSON.stringify(path.join(root, "lib/db/migrate.ts"))};
applyMigrations(${JSON.stringify(url)}).then((a) => console.log(JSON.stringify(a)), (e) => { console.error(e.message); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, "--eval", code], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (status) => (status === 0 ? resolve(out.trim()) : reject(new Error(err))));
  });
}

describe("migrations on SQLite", () => {
  it("applies once, records Prisma's bookkeeping, and is idempotent", async () => {
    const url = `file:${path.join(tempDir(), "nested", "db.sqlite")}`;
    expect(await applyMigrations(url)).toEqual(allNames());
    expect(await applyMigrations(url)).toEqual([]);
    const db = new Database(url.slice(5));
    const rows = db.prepare(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`).all() as Record<
      string,
      unknown
    >[];
    expect(rows).toHaveLength(allNames().length);
    allNames().forEach((name, i) => {
      const sql = readFileSync(path.join(migrationsDir("sqlite"), name, "migration.sql"), "utf8");
      expect(rows[i]).toMatchObject({
        migration_name: name,
        checksum: createHash("sha256").update(sql).digest("hex"),
        applied_steps_count: 1,
      });
      expect(typeof rows[i].finished_at).toBe("number");
    });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("lets two processes start at once without applying twice", async () => {
    const url = `file:${path.join(tempDir(), "race.db")}`;
    const results = (await Promise.all([applyInChild(url), applyInChild(url)])).map((o) =>
      JSON.parse(o.split("\n").pop()!),
    );
    expect(results.flat().sort()).toEqual(allNames());
    const db = new Database(url.slice(5));
    expect(db.prepare(`SELECT count(*) AS n FROM "_prisma_migrations"`).get()).toEqual({
      n: allNames().length,
    });
    db.close();
  }, 60_000);

  it("rolls a failing migration back completely and names it", async () => {
    const fake = tempDir();
    cpSync(path.join(root, "prisma"), path.join(fake, "prisma"), { recursive: true });
    const bad = path.join(fake, "prisma", "migrations", "99990101000000_broken");
    mkdirSync(bad);
    writeFileSync(path.join(bad, "migration.sql"), 'CREATE TABLE "Extra" ("id" TEXT);\nTHIS IS NOT SQL;\n');
    const url = `file:${path.join(tempDir(), "broken.db")}`;
    await expect(applyMigrations(url, { root: fake })).rejects.toThrow(/99990101000000_broken/);
    const db = new Database(url.slice(5));
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all();
    db.close();
    expect(tables).toEqual([]);
  });

  it("rejects URLs it cannot use, without echoing them", async () => {
    await expect(applyMigrations("mysql://user:hunter2@host/db")).rejects.toThrow(/file: .*postgres/);
    await expect(applyMigrations("mysql://user:hunter2@host/db")).rejects.not.toThrow(/hunter2/);
    await expect(applyMigrations("file:")).rejects.toThrow(/needs a path/);
  });
});

describe("migrations on PostgreSQL", () => {
  it("applies exactly once when four callers race (advisory lock)", async () => {
    const name = `esc_mig_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = `postgres://postgres@127.0.0.1:5432/${name}`;
      const results = await Promise.all([1, 2, 3, 4].map(() => applyMigrations(url)));
      expect(results.flat().sort()).toEqual(allNames("postgresql"));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query(
        `SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`,
      );
      await client.end();
      expect(rows).toHaveLength(allNames("postgresql").length);
      for (const row of rows) expect(row.finished_at).toBeInstanceOf(Date);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe("committed migrations", () => {
  it("match the schema on both providers (run `npm run db:migration:create -- <name>` if not)", async () => {
    for (const set of MIGRATION_SETS) expect(await pendingMigrationScript(set, root)).toBe("");
  }, 60_000);

  it("keep the PostgreSQL schema a generated twin of the SQLite one", async () => {
    const twin = readFileSync(path.join(root, "prisma/postgres/schema.prisma"), "utf8");
    const source = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
    const { postgresSchemaFrom } = await import("../../scripts/prisma-schemas.mjs" as string);
    expect(twin).toBe(postgresSchemaFrom(source));
  });
});
