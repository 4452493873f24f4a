// The SQL statements behind each request of `npm run bench:load`'s loop (GET a definition, POST
// open, GET the opened values), counted by calling the real route handlers in-process with a
// Prisma client that logs its queries. Database statements are most of a request's CPU time
// (see BENCHMARKS.md), so this is the figure to watch when changing the service layer.
//
//   npx tsx scripts/bench-queries.ts [--db sqlite|postgresql] [--rounds 200] [--verbose]
//
// It also reports the CPU time per request of this process (handler, service layer, Prisma,
// driver; not Next's HTTP layer, and with PostgreSQL not the database server's own work).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { createTestDatabase, type TestDatabase } from "../lib/db/testing";
import type { Db } from "../lib/db/client";
import { PrismaClient as SqliteClient } from "../lib/db/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../lib/db/generated/postgres/client";
import { sqliteFilePath } from "../lib/db/url";

const kind = process.argv.includes("--db") ? process.argv[process.argv.indexOf("--db") + 1] : "sqlite";
const verbose = process.argv.includes("--verbose");
const rounds = process.argv.includes("--rounds")
  ? Number(process.argv[process.argv.indexOf("--rounds") + 1])
  : 200;
if (kind !== "sqlite" && kind !== "postgresql") throw new Error("--db must be sqlite or postgresql");

async function main() {
  process.env.ESC_DATA_DIR = mkdtempSync(path.join(tmpdir(), "esc-queries-"));
  process.env.ESC_RATE_LIMIT_API_PER_MINUTE = "100000000";
  process.env.ESC_LOG_LEVEL = "warn";
  const t: TestDatabase = await createTestDatabase(kind as "sqlite" | "postgresql");
  process.env.DATABASE_URL = t.url;
  const log: [{ emit: "event"; level: "query" }] = [{ emit: "event", level: "query" }];
  const traced = (kind === "sqlite"
    ? new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: sqliteFilePath(t.url) }), log })
    : new PostgresClient({ adapter: new PrismaPg({ connectionString: t.url }), log })) as unknown as Db & {
    $on(event: "query", cb: (e: { query: string }) => void): void;
  };
  let statements: string[] = [];
  traced.$on("query", (e) => statements.push(e.query));
  // getDb() hands this client to every service call (lib/db/client.ts keeps it on globalThis).
  (globalThis as unknown as { __escDb: { url: string; db: Db } }).__escDb = { url: t.url, db: traced };

  const { createUser } = await import("../lib/auth/users");
  const { createOrganization } = await import("../lib/orgs/create-organization");
  const { createAccessToken } = await import("../lib/auth/access-tokens");
  const user = await createUser(
    { email: "q@example.com", password: "correct horse battery staple", name: "q" },
    traced,
  );
  await createOrganization(user.id, "bench", traced);
  const { token } = await createAccessToken(user.id, { description: "q" }, traced);

  const envRoute = await import("../app/api/esc/environments/[org]/[project]/[env]/route");
  const listRoute = await import("../app/api/esc/environments/[org]/route");
  const openRoute = await import("../app/api/esc/environments/[org]/[project]/[env]/open/route");
  const readRoute = await import("../app/api/esc/environments/[org]/[project]/[env]/open/[id]/route");
  const headers = { Authorization: `token ${token}`, "x-forwarded-for": "127.0.0.1" };
  const base = "http://127.0.0.1/api/esc/environments/bench";
  const call = async <P extends Record<string, string>>(
    handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
    url: string,
    params: P,
    init: RequestInit = {},
  ) => {
    const res = await handler(new Request(url, { ...init, headers }), { params: Promise.resolve(params) });
    const body = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url}: ${res.status} ${body}`);
    return body;
  };

  for (const name of ["env-0", "env-1"]) {
    await call(
      listRoute.POST,
      base,
      { org: "bench" },
      {
        method: "POST",
        body: JSON.stringify({ project: "load", name }),
      },
    );
    const yaml = `${name === "env-1" ? "imports:\n  - load/env-0\n" : ""}values:\n  a: 1\n  s:\n    fn::secret: x\n  b: \${a}\n`;
    await call(
      envRoute.PATCH,
      `${base}/load/${name}`,
      { org: "bench", project: "load", env: name },
      { method: "PATCH", body: yaml },
    );
  }

  const params = { org: "bench", project: "load", env: "env-1" };
  const measure = async (label: string, run: () => Promise<string>) => {
    // Warm: JIT, and first-hit writes (rate-limit bucket, lastUsedAt) that are not per request.
    for (let i = 0; i < 20; i++) await run();
    statements = [];
    let out = "";
    const cpu = process.cpuUsage();
    for (let i = 0; i < rounds; i++) out = await run();
    const used = process.cpuUsage(cpu);
    await new Promise((r) => setTimeout(r, 10));
    const cpuMs = (used.user + used.system) / 1000 / rounds;
    console.log(
      `${label}: ${(statements.length / rounds).toFixed(1)} statements, ${cpuMs.toFixed(2)} ms CPU per request (handler only, in-process, ${rounds} requests)`,
    );
    if (verbose)
      for (const s of statements.slice(0, statements.length / rounds)) console.log(`    ${s.slice(0, 160)}`);
    return out;
  };
  await measure("GET definition", () => call(envRoute.GET, `${base}/load/env-1`, params));
  const opened = await measure("POST open (one import)", () =>
    call(openRoute.POST, `${base}/load/env-1/open`, params, { method: "POST" }),
  );
  const { id } = JSON.parse(opened) as { id: string };
  await measure("GET open/{id}", () =>
    call(readRoute.GET, `${base}/load/env-1/open/${id}`, { ...params, id }),
  );
  await traced.$disconnect();
  await t.drop();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
