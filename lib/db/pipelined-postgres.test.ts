import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./errors";
import { pipelinedPostgres, type PipelinedPostgres } from "./pipelined-postgres";
import { createTestDatabase, type TestDatabase } from "./testing";

describe("pipelined PostgreSQL connections", () => {
  let t: TestDatabase;
  let db: PipelinedPostgres;
  beforeAll(async () => {
    t = await createTestDatabase("postgresql");
    db = pipelinedPostgres({
      connectionString: t.url,
      connections: { read: 2, write: 1 },
      connectTimeoutMs: 5_000,
    });
  });
  afterAll(async () => {
    await db?.end();
    await t?.drop();
  });

  const echo = (n: number) => db.query<{ n: number }>("echo", "SELECT $1::int AS n", [n]);

  it("answers each of many statements issued at once with its own rows", async () => {
    const numbers = Array.from({ length: 300 }, (_, i) => i);
    const answers = await Promise.all(numbers.map(echo));
    expect(answers.map((rows) => rows[0].n)).toEqual(numbers);
  });

  it("fails a failing statement alone, not the ones queued with it", async () => {
    const divide = (d: number) =>
      db.query<{ q: number }>("divide", "SELECT (100 / $1::int) AS q", [d]).then(
        (rows) => rows[0].q,
        (error: { code?: string }) => `error ${error.code}`,
      );
    expect(await Promise.all([1, 0, 4, 0, 5].map(divide))).toEqual([
      100,
      "error 22012",
      25,
      "error 22012",
      20,
    ]);
    expect((await echo(7))[0].n).toBe(7);
  });

  it("sends the statements issued together in few socket writes instead of one each", async () => {
    await Promise.all([echo(1), echo(2)]); // both connections open
    const proto = net.Socket.prototype as unknown as Record<
      "_write" | "_writev",
      (...args: unknown[]) => void
    >;
    const original = { _write: proto._write, _writev: proto._writev };
    let writes = 0;
    for (const key of ["_write", "_writev"] as const)
      proto[key] = function (this: unknown, ...args: unknown[]) {
        writes++;
        return original[key].apply(this, args);
      };
    try {
      await Promise.all(Array.from({ length: 64 }, (_, i) => echo(i)));
    } finally {
      Object.assign(proto, original);
    }
    // 64 statements over 2 connections, written 8 at a time at most: 8 writes, not 64.
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThanOrEqual(8);
  });

  it("answers reads while a statement on the write lane is still running", async () => {
    const slowWrite = db.query("slow", "SELECT pg_sleep(1.5)", [], "write");
    const started = Date.now();
    try {
      // Issued after it and answered first: a read never queues behind a write (or its commit).
      expect((await echo(5))[0].n).toBe(5);
      expect(Date.now() - started).toBeLessThan(1_000);
      const writePid = (
        await db.query<{ pid: number }>("pid", "SELECT pg_backend_pid() AS pid", [], "write")
      )[0].pid;
      const readPids = (
        await Promise.all(
          [1, 2].map(() => db.query<{ pid: number }>("pid", "SELECT pg_backend_pid() AS pid", [])),
        )
      ).map((rows) => rows[0].pid);
      expect(readPids).not.toContain(writePid);
    } finally {
      await slowWrite;
    }
  });

  it("refuses a lane without connections", () => {
    expect(() =>
      pipelinedPostgres({
        connectionString: t.url,
        connections: { read: 1, write: 0 },
        connectTimeoutMs: 5_000,
      }),
    ).toThrow(/at least one connection/);
  });

  it("replaces a connection the server ended; its statements fail as 'unavailable'", async () => {
    const pids = async () =>
      new Set(
        (
          await Promise.all(
            [1, 2].map(() => db.query<{ pid: number }>("pid", "SELECT pg_backend_pid() AS pid", [])),
          )
        )
          .flat()
          .map((row) => row.pid),
      );
    const before = await pids();
    expect(before.size).toBe(2);
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      const sleeping = db.query("sleep", "SELECT pg_sleep(5)", []).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await admin.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [[...before]]);
      const failure = await sleeping;
      expect(failure).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(failure)).toBe(true);
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await pids();
    expect(after.size).toBe(2);
    for (const pid of after) expect(before.has(pid)).toBe(false);
  });

  it("counts node-postgres's refusals of a broken or closed connection as 'unavailable'", () => {
    for (const message of [
      "Client has encountered a connection error and is not queryable",
      "Client was closed and is not queryable",
      "Connection terminated unexpectedly",
    ])
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(true);
    expect(isDatabaseUnavailable(new Error("syntax error at or near"))).toBe(false);
  });

  it("reports an unreachable server at once, as 'unavailable'", async () => {
    const nowhere = pipelinedPostgres({
      connectionString: "postgres://postgres@127.0.0.1:1/none",
      connections: { read: 1, write: 1 },
      connectTimeoutMs: 5_000,
    });
    const failure = await nowhere.query("one", "SELECT 1", []).catch((error: unknown) => error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    await nowhere.end();
  });

  it("lets a process end once no statement is under way", () => {
    const script = [
      `const { pipelinedPostgres } = require(${JSON.stringify(path.join(__dirname, "pipelined-postgres.ts"))});`,
      `const db = pipelinedPostgres({ connectionString: ${JSON.stringify(t.url)}, connections: { read: 1, write: 1 }, connectTimeoutMs: 5000 });`,
      `Promise.all([1, 2, 3].map((n) => db.query("n", "SELECT $1::int AS n", [n])))`,
      `  .then((rows) => console.log(rows.flat().map((r) => r.n).join(",")));`,
    ].join("\n");
    const started = Date.now();
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe("1,2,3");
    expect(child.status).toBe(0);
    // Well under the time an idle connection would be kept open.
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});
