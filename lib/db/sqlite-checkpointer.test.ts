import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import {
  autocheckpointPages,
  BACKGROUND_AUTOCHECKPOINT_PAGES,
  startSqliteCheckpointer,
} from "./sqlite-checkpointer";

const dir = mkdtempSync(path.join(os.tmpdir(), "esc-checkpoint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A WAL-mode database with one table, written by a connection that checkpoints as this process's writers do. */
function openWriter(file: string): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, payload BLOB)");
  db.pragma(`wal_autocheckpoint = ${autocheckpointPages(file)}`);
  return db;
}

/** Writes about 2 MB (some 500 pages), well under the writers' own checkpoint size. */
function write(db: Database.Database) {
  const insert = db.prepare("INSERT INTO t (payload) VALUES (?)");
  for (let i = 0; i < 100; i++) insert.run(Buffer.alloc(20_000, i));
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe("the SQLite checkpoint thread", () => {
  it("copies the log into the database file without the writers doing it", async () => {
    const file = path.join(dir, "background.db");
    const url = `file:${file}`;
    expect(autocheckpointPages(file)).toBe(1_000);
    startSqliteCheckpointer(url);
    startSqliteCheckpointer(url); // once per file
    expect(autocheckpointPages(file)).toBe(BACKGROUND_AUTOCHECKPOINT_PAGES);
    const db = openWriter(file);
    try {
      const before = statSync(file).size;
      write(db);
      // Only a checkpoint moves pages from the log into the database file.
      expect(await until(() => statSync(file).size > before + 1_000_000, 5_000)).toBe(true);
    } finally {
      db.close();
    }
  });

  it("leaves a database without the thread to its writers, which checkpoint at the usual size", async () => {
    const file = path.join(dir, "inline.db");
    const db = openWriter(file);
    try {
      const before = statSync(file).size;
      write(db);
      await new Promise((resolve) => setTimeout(resolve, 600));
      // 500 pages are below the usual 1,000: still in the log, not in the file.
      expect(statSync(file).size).toBe(before);
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(1_000_000);
    } finally {
      db.close();
    }
  });

  it("does nothing for PostgreSQL", () => {
    expect(() => startSqliteCheckpointer("postgres://postgres@127.0.0.1:5432/none")).not.toThrow();
  });
});
