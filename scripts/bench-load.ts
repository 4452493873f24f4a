// `npm run bench:load`: N concurrent clients opening and reading environments (no providers)
// against the real server (scripts/serve.mjs, production build), on SQLite and on PostgreSQL;
// prints throughput, p50/p99 latency, errors and CPU time per request, per database.
//
//   npm run bench:load -- [--clients 50] [--seconds 20] [--db sqlite|postgresql|both]
//                         [--clients 1,5,10,25,50]   (several counts: client count vs latency)
//                         [--workers 1]               (ESC_WORKERS: server processes)
//                         [--cpu-prof DIR]            (the server writes a V8 CPU profile to DIR)
//
// Each client loops: read a definition (GET …/{env}), open it (POST …/open), read the opened
// values (GET …/open/{id}), over its own keep-alive connection (node:http). Every request counts;
// an error is any non-2xx answer or failed request. The rate limiter stays on (with a limit no
// client reaches), so its counting is part of what is measured. "server CPU/req" is the
// user+system time of the server's process group during the timed window (from /proc) divided
// by the requests: the figure that caps throughput; "client CPU/req" is this process's, which
// shares the machine.
import { Agent } from "node:http";
import { loadavg } from "node:os";
import postgres from "pg";
import { createTestDatabase, type TestDatabase } from "../lib/db/testing";
import type { DatabaseKind } from "../lib/db/url";
import { seedUserWithOrg } from "../test/support/admin";
import { httpRequest } from "../test/support/http-request";
import { groupCpuSeconds } from "../test/support/process-cpu";
import { startServer, type TestServer } from "../test/support/server";

const ORG = "bench";
const PROJECT = "load";
const ENVIRONMENTS = 10;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function positiveInt(name: string, fallback: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number of at least 1`);
  return value;
}

type RequestName = "get" | "open" | "read";

interface Result {
  kind: DatabaseKind;
  requests: number;
  errors: number;
  errorSamples: string[];
  seconds: number;
  latencies: number[];
  /** The slowest of NEW_CONNECTIONS GETs on fresh connections sent at once halfway through. */
  newConnectionsSlowest?: number;
  /** The same latencies by request: GET definition, POST open, GET open/{id}. */
  byRequest: Record<RequestName, number[]>;
  clients: number;
  /** CPU seconds the server process group used during the timed window. */
  serverCpu: number;
  /** CPU seconds this process (the clients) used during the window: they share the machine. */
  clientCpu: number;
  /** PostgreSQL only: transactions committed in the database during the window (each statement
   * outside a transaction is one), i.e. roughly the queries the server sent. */
  dbTransactions?: number;
}

/** Committed transactions of the database at `url` so far (PostgreSQL statistics). */
async function committedTransactions(url: string): Promise<number> {
  const client = new postgres.Client({ connectionString: url });
  await client.connect();
  try {
    // The statistics collector lags; ask for a fresh snapshot first.
    await client.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await client.query<{ n: string }>(
      "SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()",
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

function definition(i: number): string {
  const lines = [
    ...(i > 0 ? ["imports:", `  - ${PROJECT}/env-0`] : []),
    "values:",
    `  index: ${i}`,
    "  db:",
    "    host: db.internal",
    "    port: 5432",
  ];
  lines.push(
    "    password:",
    "      fn::secret: not-a-real-password",
    "  url: postgres://${db.host}:${db.port}/app",
  );
  lines.push(
    "  environmentVariables:",
    "    DB_HOST: ${db.host}",
    "    DB_URL: ${url}",
    "  pulumiConfig:",
    "    app:index: ${index}",
  );
  for (let k = 0; k < 20; k++) lines.push(`  key${k}: value-${k}-${"x".repeat(20)}`);
  return `${lines.join("\n")}\n`;
}

async function seed(server: TestServer, databaseUrl: string): Promise<string> {
  const token = await seedUserWithOrg({ databaseUrl, dataDir: server.dataDir }, "bench", ORG);
  const headers = { Authorization: `token ${token}` };
  for (let i = 0; i < ENVIRONMENTS; i++) {
    const base = `${server.url}/api/esc/environments/${ORG}`;
    const created = await fetch(base, {
      method: "POST",
      headers,
      body: JSON.stringify({ project: PROJECT, name: `env-${i}` }),
    });
    if (!created.ok) throw new Error(`creating env-${i}: ${created.status} ${await created.text()}`);
    const updated = await fetch(`${base}/${PROJECT}/env-${i}`, {
      method: "PATCH",
      headers,
      body: definition(i),
    });
    if (!updated.ok) throw new Error(`updating env-${i}: ${updated.status} ${await updated.text()}`);
  }
  return token;
}

async function run(
  kind: DatabaseKind,
  clientCounts: number[],
  seconds: number,
  cpuProfDir: string | undefined,
): Promise<Result[]> {
  let pg: TestDatabase | undefined;
  if (kind === "postgresql") pg = await createTestDatabase("postgresql");
  const server = await startServer({
    env: {
      ESC_RATE_LIMIT_API_PER_MINUTE: "100000000",
      ESC_WORKERS: String(positiveInt("workers", 1)),
      ...(pg ? { DATABASE_URL: pg.url } : {}),
    },
    nodeArgs: cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : [],
  });
  try {
    const token = await seed(server, pg ? pg.url : server.databaseUrl);
    const headers = { Authorization: `token ${token}` };
    let result: Result;
    const fresh = (clients: number): Result => ({
      kind,
      clients,
      requests: 0,
      errors: 0,
      errorSamples: [],
      seconds,
      latencies: [],
      byRequest: { get: [], open: [], read: [] },
      serverCpu: 0,
      clientCpu: 0,
    });

    // Keep-alive connections, one per client at most, as the SDK and CLI keep theirs.
    const agent = new Agent({ keepAlive: true, maxSockets: Math.max(...clientCounts) });
    const timed = async (
      name: RequestName,
      url: string,
      init: { method?: string } = {},
    ): Promise<{ json(): unknown } | null> => {
      const start = performance.now();
      const record = () => {
        const elapsed = performance.now() - start;
        result.latencies.push(elapsed);
        result.byRequest[name].push(elapsed);
        result.requests++;
      };
      try {
        const { status, body } = await send(agent, url, init.method ?? "GET", headers);
        record();
        if (status < 200 || status > 299) {
          result.errors++;
          if (result.errorSamples.length < 5) result.errorSamples.push(`${status} ${body.slice(0, 100)}`);
          return null;
        }
        return { json: () => JSON.parse(body) };
      } catch (err) {
        record();
        result.errors++;
        if (result.errorSamples.length < 5) result.errorSamples.push(String(err).slice(0, 100));
        return null;
      }
    };

    const loop = async (n: number, deadline: number) => {
      for (let i = n; Date.now() < deadline; i++) {
        const env = `${server.url}/api/esc/environments/${ORG}/${PROJECT}/env-${i % ENVIRONMENTS}`;
        await timed("get", env);
        const opened = await timed("open", `${env}/open`, { method: "POST" });
        if (!opened) continue;
        const { id } = opened.json() as { id: string };
        await timed("read", `${env}/open/${encodeURIComponent(id)}`);
      }
    };

    // Warm-up: every route compiled and its caches filled once, and every client's keep-alive
    // connection opened, before the clock starts (new connections are measured on their own).
    result = fresh(1);
    await Promise.all(
      Array.from({ length: Math.max(...clientCounts) }, (_, n) => loop(n, Date.now() + 2000)),
    );

    const results: Result[] = [];
    for (const clients of clientCounts) {
      result = fresh(clients);
      const deadline = Date.now() + seconds * 1000;
      const txBefore = pg ? await committedTransactions(pg.url) : 0;
      const cpuBefore = groupCpuSeconds(server.pid);
      const clientBefore = process.cpuUsage();
      const started = performance.now();
      const burst = new Promise<number>((resolve) =>
        setTimeout(() => resolve(newConnections(server.url, headers)), (seconds * 1000) / 2),
      );
      await Promise.all(Array.from({ length: clients }, (_, n) => loop(n, deadline)));
      result.newConnectionsSlowest = await burst;
      result.seconds = (performance.now() - started) / 1000;
      result.serverCpu = groupCpuSeconds(server.pid) - cpuBefore;
      const client = process.cpuUsage(clientBefore);
      result.clientCpu = (client.user + client.system) / 1e6;
      // Counted a moment later so the server's last statements reach the statistics.
      if (pg) {
        await new Promise((r) => setTimeout(r, 1000));
        result.dbTransactions = (await committedTransactions(pg.url)) - txBefore - 2;
      }
      results.push(result);
      report(result);
    }
    return results;
  } finally {
    await server.stop();
    await pg?.drop();
  }
}

/**
 * Under load, Node accepts one new connection per turn of its event loop (libuv since 1.45,
 * libuv/libuv#3696), and a turn lasts as long as the work every ready request brings: new
 * clients (a CLI invocation opens its own connection) queue up behind each other. This sends
 * NEW_CONNECTIONS GETs at once, each on a connection of its own, and returns the slowest.
 */
async function newConnections(baseUrl: string, headers: Record<string, string>): Promise<number> {
  const agent = new Agent({ keepAlive: false });
  const url = `${baseUrl}/api/esc/environments/${ORG}/${PROJECT}/env-0`;
  const latencies = await Promise.all(
    Array.from({ length: NEW_CONNECTIONS }, async () => {
      const start = performance.now();
      await send(agent, url, "GET", headers).catch(() => undefined);
      return performance.now() - start;
    }),
  );
  agent.destroy();
  return Math.max(...latencies);
}

const NEW_CONNECTIONS = 20;

/**
 * One request with node:http (test/support/http-request.ts), the body as text. The clients share
 * this machine's two cores with the server; `fetch` (undici) costs them several times the CPU per
 * request of node:http, CPU the server would otherwise have (client CPU/req in the table).
 */
async function send(
  agent: Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const answer = await httpRequest(url, { method, headers, agent });
  return { status: answer.status, body: answer.body.toString("utf8") };
}

const HEADER = `| database | clients | requests | throughput | p50 | p99 | max | errors | server CPU/req | client CPU/req | DB statements/req | p99 GET / open / read | ${NEW_CONNECTIONS} new connections at once: slowest |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`;

function row(r: Result): string {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const ms = (v: number | undefined) => `${(v ?? NaN).toFixed(1)} ms`;
  return `| ${r.kind} | ${r.clients} | ${r.requests} | ${(r.requests / r.seconds).toFixed(0)} req/s | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} | ${ms(sorted.at(-1))} | ${r.errors} | ${((r.serverCpu * 1000) / Math.max(1, r.requests)).toFixed(2)} ms | ${((r.clientCpu * 1000) / Math.max(1, r.requests)).toFixed(2)} ms | ${r.dbTransactions === undefined ? "–" : (r.dbTransactions / Math.max(1, r.requests)).toFixed(1)} | ${(
    ["get", "open", "read"] as const
  )
    .map((n) =>
      percentile(
        [...r.byRequest[n]].sort((a, b) => a - b),
        99,
      ).toFixed(0),
    )
    .join(
      " / ",
    )} ms | ${r.newConnectionsSlowest === undefined ? "–" : `${r.newConnectionsSlowest.toFixed(0)} ms`} |`;
}

function report(r: Result): void {
  console.log(row(r));
  for (const sample of r.errorSamples) console.log(`  error: ${sample}`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function clientCounts(): number[] {
  const raw = option("clients", "50");
  const counts = raw.split(",").map((v) => Number(v.trim()));
  if (counts.some((v) => !Number.isSafeInteger(v) || v < 1))
    throw new Error("--clients must be a whole number of at least 1, or several separated by commas");
  return counts;
}

async function main() {
  const counts = clientCounts();
  const seconds = positiveInt("seconds", 20);
  const cpuProfDir = option("cpu-prof", "") || undefined;
  const which = option("db", "both");
  if (!["sqlite", "postgresql", "both"].includes(which))
    throw new Error("--db must be sqlite, postgresql or both");
  const kinds: DatabaseKind[] = which === "both" ? ["sqlite", "postgresql"] : [which as DatabaseKind];

  const load = () =>
    loadavg()
      .map((v) => v.toFixed(2))
      .join(" ");
  console.log(
    `bench:load — ${counts.join(", ")} client(s), ${seconds} s each per database, ${ENVIRONMENTS} environments (GET, open, read open); load average ${load()}`,
  );
  console.log(HEADER);
  const results: Result[] = [];
  for (const kind of kinds) results.push(...(await run(kind, counts, seconds, cpuProfDir)));
  console.log(`\nload average at the end: ${load()}\n`);
  console.log(HEADER);
  console.log(results.map(row).join("\n"));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
