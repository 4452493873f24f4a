import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, getDb } from "./client";
import { databaseKind } from "./url";
import { applyMigrations, migrationsDir } from "./migrate";
import { createTestDatabase } from "./testing";

const dir = mkdtempSync(path.join(os.tmpdir(), "esc-client-"));
const savedUrl = process.env.DATABASE_URL;
afterAll(async () => {
  await getDb().$disconnect();
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  rmSync(dir, { recursive: true, force: true });
});

describe("client selection", () => {
  it("picks the provider from the URL scheme and refuses others without echoing them", () => {
    expect(databaseKind("file:./data/esc.db")).toBe("sqlite");
    expect(databaseKind("postgres://u@h/db")).toBe("postgresql");
    expect(databaseKind("postgresql://u@h/db")).toBe("postgresql");
    expect(() => databaseKind("mysql://root:pw@h/db")).toThrow(/mysql:/);
    expect(() => databaseKind("mysql://root:pw@h/db")).not.toThrow(/pw/);
    expect(() => databaseKind("")).toThrow(/\(none\)/);
  });

  it("keeps one client per process for DATABASE_URL, creating the SQLite folder and WAL mode", async () => {
    process.env.DATABASE_URL = `file:${path.join(dir, "sub", "dir", "app.db")}`;
    const committed = readdirSync(migrationsDir("sqlite"), { withFileTypes: true }).filter((d) =>
      d.isDirectory(),
    );
    expect(await applyMigrations()).toHaveLength(committed.length);
    const db = getDb();
    expect(getDb()).toBe(db);
    expect(await db.user.count()).toBe(0);
    process.env.DATABASE_URL = `file:${path.join(dir, "other.db")}`;
    expect(getDb()).not.toBe(db);
    await db.$disconnect();
  });

  it("serves the same model API on PostgreSQL", async () => {
    const t = await createTestDatabase("postgresql");
    try {
      const org = await t.db.organization.create({
        data: { name: "pg-org", wrappedDataKey: new Uint8Array([1, 2, 3]) },
      });
      const again = await t.db.organization.findUniqueOrThrow({ where: { id: org.id } });
      expect(again.wrappedDataKey).toEqual(new Uint8Array([1, 2, 3]));
    } finally {
      await t.drop();
    }
  });

  it("opens SQLite files in WAL mode", async () => {
    const file = path.join(dir, "wal.db");
    const db = createDb(`file:${file}`);
    await db.$disconnect();
    const raw = new Database(file);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });
});
