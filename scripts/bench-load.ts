// `npm run bench:load`: N concurrent clients opening and reading environments (no providers)
// against a real `next start`, on SQLite and on PostgreSQL; prints throughput, p50/p99 latency
// and errors per database.
//
//   npm run bench:load -- [--clients 50] [--seconds 20] [--db sqlite|postgresql|both]
//
// Each client loops: read a definition (GET …/{env}), open it (POST …/open), read the opened
// values (GET …/open/{id}). Every request counts; an error is any non-2xx answer or failed fetch.
// The rate limiter stays on (with a limit no client reaches), so its per-request write is part
// of what is measured.
import { createTestDatabase, type TestDatabase } from "../lib/db/testing";
import type { DatabaseKind } from "../lib/db/url";
import { seedUserWithOrg } from "../test/support/admin";
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

interface Result {
  kind: DatabaseKind;
  requests: number;
  errors: number;
  errorSamples: string[];
  seconds: number;
  latencies: number[];
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

async function run(kind: DatabaseKind, clients: number, seconds: number): Promise<Result> {
  let pg: TestDatabase | undefined;
  if (kind === "postgresql") pg = await createTestDatabase("postgresql");
  const server = await startServer({
    env: { ESC_RATE_LIMIT_API_PER_MINUTE: "100000000", ...(pg ? { DATABASE_URL: pg.url } : {}) },
  });
  try {
    const token = await seed(server, pg ? pg.url : server.databaseUrl);
    const headers = { Authorization: `token ${token}` };
    const result: Result = { kind, requests: 0, errors: 0, errorSamples: [], seconds, latencies: [] };

    const timed = async (url: string, init: RequestInit = {}): Promise<Response | null> => {
      const start = performance.now();
      try {
        const res = await fetch(url, { ...init, headers });
        const body = await res.text();
        result.latencies.push(performance.now() - start);
        result.requests++;
        if (!res.ok) {
          result.errors++;
          if (result.errorSamples.length < 5) result.errorSamples.push(`${res.status} ${body.slice(0, 100)}`);
          return null;
        }
        return new Response(body, { status: res.status });
      } catch (err) {
        result.latencies.push(performance.now() - start);
        result.requests++;
        result.errors++;
        if (result.errorSamples.length < 5) result.errorSamples.push(String(err).slice(0, 100));
        return null;
      }
    };

    // Warm-up: every route compiled and cached once before the clock starts.
    for (let i = 0; i < ENVIRONMENTS; i++)
      await timed(`${server.url}/api/esc/environments/${ORG}/${PROJECT}/env-${i}`);
    result.requests = 0;
    result.errors = 0;
    result.errorSamples = [];
    result.latencies = [];

    const deadline = Date.now() + seconds * 1000;
    const client = async (n: number) => {
      for (let i = n; Date.now() < deadline; i++) {
        const env = `${server.url}/api/esc/environments/${ORG}/${PROJECT}/env-${i % ENVIRONMENTS}`;
        await timed(env);
        const opened = await timed(`${env}/open`, { method: "POST" });
        if (!opened) continue;
        const { id } = (await opened.json()) as { id: string };
        await timed(`${env}/open/${encodeURIComponent(id)}`);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
    result.seconds = (performance.now() - started) / 1000;
    return result;
  } finally {
    await server.stop();
    await pg?.drop();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const clients = positiveInt("clients", 50);
  const seconds = positiveInt("seconds", 20);
  const which = option("db", "both");
  if (!["sqlite", "postgresql", "both"].includes(which))
    throw new Error("--db must be sqlite, postgresql or both");
  const kinds: DatabaseKind[] = which === "both" ? ["sqlite", "postgresql"] : [which as DatabaseKind];

  console.log(
    `bench:load — ${clients} clients, ${seconds} s per database, ${ENVIRONMENTS} environments (GET, open, read open)`,
  );
  const rows: string[] = [];
  for (const kind of kinds) {
    const r = await run(kind, clients, seconds);
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const row = `| ${kind} | ${r.requests} | ${(r.requests / r.seconds).toFixed(0)} req/s | ${percentile(sorted, 50).toFixed(1)} ms | ${percentile(sorted, 99).toFixed(1)} ms | ${sorted.at(-1)?.toFixed(1)} ms | ${r.errors} |`;
    rows.push(row);
    console.log(row);
    for (const sample of r.errorSamples) console.log(`  error: ${sample}`);
  }
  console.log(
    "\n| database | requests | throughput | p50 | p99 | max | errors |\n| --- | --- | --- | --- | --- | --- | --- |",
  );
  console.log(rows.join("\n"));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
