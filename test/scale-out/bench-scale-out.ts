// Throughput of one instance vs two over the same PostgreSQL database, with the request mix of
// scripts/bench-load.ts (read a definition, open it, read the opened values), so the figures
// compare with its PostgreSQL row. Both servers run the whole time; phase 1 sends every request
// to A, phase 2 alternates A and B per client.
//
//   npx tsx test/scale-out/bench-scale-out.ts [--clients 20] [--seconds 15]
import { randomBytes } from "node:crypto";
import { createTestDatabase } from "../../lib/db/testing";
import { seedUserWithOrg } from "../support/admin";
import { startServer, type TestServer } from "../support/server";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number of at least 1`);
  return value;
};

async function phase(
  servers: TestServer[],
  token: string,
  clients: number,
  seconds: number,
): Promise<string> {
  const latencies: number[] = [];
  let errors = 0;
  const timed = async (url: string, init: RequestInit = {}) => {
    const start = performance.now();
    try {
      const res = await fetch(url, { ...init, headers: { Authorization: `token ${token}` } });
      const body = await res.text();
      if (!res.ok) errors++;
      return res.ok ? body : null;
    } catch {
      errors++;
      return null;
    } finally {
      latencies.push(performance.now() - start);
    }
  };
  const deadline = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, n) => {
      const server = servers[n % servers.length];
      const env = `${server.url}/api/esc/environments/bench/load/dev`;
      while (Date.now() < deadline) {
        await timed(env);
        const opened = await timed(`${env}/open`, { method: "POST" });
        if (opened) await timed(`${env}/open/${(JSON.parse(opened) as { id: string }).id}`);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  const p = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)].toFixed(1);
  return `| ${servers.length} | ${latencies.length} | ${(latencies.length / elapsed).toFixed(0)} req/s | ${p(0.5)} ms | ${p(0.99)} ms | ${errors} |`;
}

async function main() {
  const clients = arg("clients", 20);
  const seconds = arg("seconds", 15);
  const db = await createTestDatabase("postgresql");
  const env = {
    DATABASE_URL: db.url,
    ESC_MASTER_KEY: randomBytes(32).toString("base64"),
    ESC_RATE_LIMIT_API_PER_MINUTE: "100000000",
    ESC_LOG_LEVEL: "warn",
  };
  process.env.ESC_MASTER_KEY = env.ESC_MASTER_KEY;
  const servers = await Promise.all([startServer({ env }), startServer({ env })]);
  try {
    const token = await seedUserWithOrg(
      { databaseUrl: db.url, dataDir: servers[0].dataDir },
      "bench",
      "bench",
    );
    const base = `${servers[0].url}/api/esc/environments/bench`;
    const headers = { Authorization: `token ${token}` };
    await fetch(base, { method: "POST", headers, body: JSON.stringify({ project: "load", name: "dev" }) });
    const yaml =
      "values:\n  host: db.internal\n  password:\n    fn::secret: not-a-real-password\n  url: postgres://${host}/app\n";
    await fetch(`${base}/load/dev`, { method: "PATCH", headers, body: yaml });
    await phase(servers, token, 2, 2); // warm-up: routes compiled on both
    console.log(`${clients} clients, ${seconds} s per phase, PostgreSQL\n`);
    console.log(
      "| instances | requests | throughput | p50 | p99 | errors |\n| --- | --- | --- | --- | --- | --- |",
    );
    console.log(await phase([servers[0]], token, clients, seconds));
    console.log(await phase(servers, token, clients, seconds));
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
