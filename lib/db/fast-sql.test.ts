import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEventWith, type CompanionRow } from "./audit";
import { fastSql, insertRows, tagWithUrl, type TableRow } from "./fast-sql";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "./testing";
import { sqliteFilePath } from "./url";

const event = (id: string, action = "test.event"): TableRow => ({
  table: "AuditEvent",
  row: { id, action, result: "success", createdAt: new Date() },
});

describe.each(DATABASE_KINDS)("rows inserted together through the driver (%s)", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const stored = async (...ids: string[]) =>
    (await t.db.auditEvent.findMany({ where: { id: { in: ids } }, select: { id: true } }))
      .map((r) => r.id)
      .sort();

  it("writes every row of one call", async () => {
    expect(await insertRows(t.db, [event("a1"), event("a2"), event("a3")])).toBe(true);
    expect(await stored("a1", "a2", "a3")).toEqual(["a1", "a2", "a3"]);
  });

  it("writes none of them when one fails", async () => {
    await insertRows(t.db, [event("b1")]);
    // b2 is fine, b1 exists already: the call fails and b2 is not left behind.
    await expect(insertRows(t.db, [event("b2"), event("b1")])).rejects.toThrow();
    expect(await stored("b1", "b2")).toEqual(["b1"]);
  });

  it("refuses inside a transaction, so the caller writes through Prisma", async () => {
    await t.db.$transaction(async (tx) => {
      expect(await insertRows(tx, [event("c1")])).toBe(false);
    });
    expect(await stored("c1")).toEqual([]);
  });

  it("records an audit event and its companion row in one write, or each on its own", async () => {
    const written: string[] = [];
    const companion = (id: string): CompanionRow => ({
      ...event(id, "companion"),
      async write() {
        written.push(id);
        if (!(await insertRows(t.db, [event(id, "companion")]))) throw new Error("not written");
      },
    });
    const audit = { action: "test.with", result: "success" as const, target: "together" };
    await recordAuditEventWith(t.db, audit, companion("d1"));
    expect(await stored("d1")).toEqual(["d1"]);
    expect(written).toEqual([]); // not written apart
    expect(await t.db.auditEvent.count({ where: { action: "test.with", target: "together" } })).toBe(1);

    // The companion's row exists already: together fails, so each is written on its own; the
    // event is recorded and the companion's own failure is what the caller sees.
    await expect(
      recordAuditEventWith(t.db, { ...audit, target: "apart" }, companion("d1")),
    ).rejects.toThrow();
    expect(written).toEqual(["d1"]);
    expect(await t.db.auditEvent.count({ where: { action: "test.with", target: "apart" } })).toBe(1);
  });

  if (kind === "sqlite")
    it("does not wait for another writer's lock: false, nothing written", async () => {
      const other = new Database(sqliteFilePath(t.url));
      other.exec("BEGIN IMMEDIATE");
      try {
        expect(await insertRows(t.db, [event("e1"), event("e2")])).toBe(false);
        expect(await insertRows(t.db, [event("e3")])).toBe(false);
      } finally {
        other.exec("ROLLBACK");
        other.close();
      }
      expect(await stored("e1", "e2", "e3")).toEqual([]);
    });
});

describe("SQLite reads through the driver", () => {
  it("wait for a lock they cannot pass at once, on the read-only connection, instead of failing", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "esc-fast-sql-"));
    try {
      const file = path.join(dir, "t.db");
      const setup = new Database(file);
      setup.pragma("journal_mode = WAL");
      setup.exec("CREATE TABLE x (n INTEGER); INSERT INTO x VALUES (1)");
      setup.close();
      const client = {};
      tagWithUrl(client, `file:${file}`);
      // Another process's exclusive lock (locking_mode EXCLUSIVE), held for 300 ms: the shared
      // connection, which never waits, is refused; the read must still be answered.
      const holder = new Worker(
        `const Database = require(${JSON.stringify(require.resolve("better-sqlite3"))});
         const db = new Database(${JSON.stringify(file)});
         db.pragma("locking_mode = EXCLUSIVE");
         db.exec("BEGIN EXCLUSIVE; INSERT INTO x VALUES (2); COMMIT");
         require("node:worker_threads").parentPort.postMessage("locked");
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
         db.close();`,
        { eval: true },
      );
      await new Promise((resolve) => holder.once("message", resolve));
      const started = Date.now();
      const rows = await fastSql(client).rows<{ n: number }>("SELECT count(*) AS n FROM x");
      expect(rows).toEqual([{ n: 2 }]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      await holder.terminate();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
