// The database briefly unavailable, on a real server (scripts/serve.mjs): SQLite with another connection
// holding the write lock beyond the busy timeout, PostgreSQL with its database renamed away (and
// every connection to it cut). While it lasts the API answers a clear, retryable 503 `{code,
// message}` within the time limits (no hang), nothing is half-written, and once the database is
// back the same server serves again.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { createUser } from "@/lib/auth/users";
import { createDb, type Db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { sqliteFilePath } from "@/lib/db/url";
import { createOrganization } from "@/lib/orgs/create-organization";
import { snapshotBuild, type BuildSnapshot } from "../aws-journey/build-snapshot";
import { startServer, type TestServer } from "../support/server";

/** SQLite's busy timeout in lib/db/client.ts is 5 s; an answer must come soon after it. */
const SQLITE_LIMIT_MS = 15_000;
/** PostgreSQL: a refused connection fails at once; the connect timeout is 5 s. */
const POSTGRES_LIMIT_MS = 15_000;

let snapshot: BuildSnapshot;
beforeAll(() => {
  snapshot = snapshotBuild();
}, 900_000);
afterAll(() => snapshot?.remove());

async function seed(db: Db, kind: string): Promise<string> {
  const user = await createUser(
    { email: `outage-${kind}@example.com`, password: "correct horse battery staple", name: "Ops" },
    db,
  );
  await createOrganization(user.id, "acme", db);
  return (await createAccessToken(user.id, { description: "outage test" }, db)).token;
}

function client(server: TestServer, token: string) {
  return (method: string, path: string, body?: string) =>
    fetch(`${server.url}/api/esc/environments${path}`, {
      method,
      headers: { Authorization: `token ${token}`, ...(body ? { "Content-Type": "application/x-yaml" } : {}) },
      body,
      signal: AbortSignal.timeout(60_000),
    });
}

async function expect503(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("5");
  const body = (await res.json()) as { code: number; message: string };
  expect(body.code).toBe(503);
  expect(body.message).toMatch(/^the database is unavailable; try again shortly \(request [\w-]+\)$/);
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await run();
  return { value, ms: Date.now() - started };
}

describe("SQLite locked by another process beyond the busy timeout", () => {
  let server: TestServer;
  let db: Db;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    server = await startServer({ projectDir: snapshot.dir });
    process.env.ESC_DATA_DIR = server.dataDir;
    db = createDb(server.databaseUrl);
    api = client(server, await seed(db, "sqlite"));
    expect((await api("POST", "/acme", JSON.stringify({ project: "app", name: "prod" }))).status).toBe(200);
    expect((await api("PATCH", "/acme/app/prod", "values:\n  n: 1\n")).status).toBe(200);
  }, 600_000);

  afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
  });

  it("answers 503 in time, writes nothing, and serves again once the lock is gone", async () => {
    const revisions = await db.revision.count();
    const holder = new Database(sqliteFilePath(server.databaseUrl));
    holder.exec("BEGIN IMMEDIATE"); // the write lock, held until ROLLBACK
    try {
      const update = await timed(() => api("PATCH", "/acme/app/prod", "values:\n  n: 2\n"));
      expect(update.ms).toBeLessThan(SQLITE_LIMIT_MS);
      await expect503(update.value);
      const read = await timed(() => api("GET", "/acme/app/prod"));
      expect(read.ms).toBeLessThan(SQLITE_LIMIT_MS);
      expect([200, 503]).toContain(read.value.status); // readers are not blocked by WAL; counters are writes
      await read.value.arrayBuffer();
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    expect(await db.revision.count()).toBe(revisions);
    const again = await api("PATCH", "/acme/app/prod", "values:\n  n: 3\n");
    expect(again.status).toBe(200);
    const now = await api("GET", "/acme/app/prod");
    expect(await now.text()).toContain("n: 3");
    expect(await db.revision.count()).toBe(revisions + 1);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  }, 120_000);
});

describe("PostgreSQL database renamed away", () => {
  let server: TestServer;
  let pgDb: TestDatabase;
  let api: ReturnType<typeof client>;
  let name: string;

  const admin = async (sql: string) => {
    const c = new pg.Client({
      connectionString: process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const cutConnections = (db: string) =>
    admin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db}' AND pid <> pg_backend_pid()`,
    );

  beforeAll(async () => {
    pgDb = await createTestDatabase("postgresql");
    name = new URL(pgDb.url).pathname.slice(1);
    server = await startServer({ projectDir: snapshot.dir, env: { DATABASE_URL: pgDb.url } });
    process.env.ESC_DATA_DIR = server.dataDir;
    api = client(server, await seed(pgDb.db, "postgresql"));
    expect((await api("POST", "/acme", JSON.stringify({ project: "app", name: "prod" }))).status).toBe(200);
    await pgDb.db.$disconnect();
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await admin(`ALTER DATABASE "${name}_away" RENAME TO "${name}"`).catch(() => undefined);
    await pgDb?.drop();
  });

  it("answers 503 in time, writes nothing, and serves again once the database is back", async () => {
    await cutConnections(name);
    await admin(`ALTER DATABASE "${name}" RENAME TO "${name}_away"`);
    try {
      for (const [method, path, body] of [
        ["PATCH", "/acme/app/prod", "values:\n  n: 2\n"],
        ["GET", "/acme/app/prod", undefined],
      ] as const) {
        const res = await timed(() => api(method, path, body));
        expect(res.ms, `${method} ${path}`).toBeLessThan(POSTGRES_LIMIT_MS);
        await expect503(res.value);
      }
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(503);
    } finally {
      await admin(`ALTER DATABASE "${name}_away" RENAME TO "${name}"`);
    }
    // Back: the server reconnects by itself; the PATCH made during the outage left nothing.
    let res = await api("GET", "/acme/app/prod");
    for (let i = 0; i < 10 && res.status !== 200; i++) {
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 500));
      res = await api("GET", "/acme/app/prod");
    }
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("n: 2");
    expect((await api("PATCH", "/acme/app/prod", "values:\n  n: 3\n")).status).toBe(200);
    const db = createDb(pgDb.url);
    try {
      expect(await db.revision.count()).toBe(2);
    } finally {
      await db.$disconnect();
    }
  }, 120_000);
});
