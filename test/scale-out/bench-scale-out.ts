// Throughput of one instance vs two over the same PostgreSQL database, with the request mix of
// scripts/bench-load.ts (read a definition, open it, read the opened values), so the figures
// compare with its PostgreSQL row. Both servers run the whole time; a one-instance phase sends
// every request to A, a two-instance phase alternates A and B per client.
//
//   npx tsx test/scale-out/bench-scale-out.ts [--clients 20] [--seconds 15] [--pin]
//
// With --pin (Linux `taskset`), the phases also run with the instances' threads pinned to CPUs:
// A alone on CPU 0; A and B both on CPU 0 (the same CPU budget as A alone); A on CPU 0 and B on
// CPU 1. PostgreSQL and this load generator are not pinned and share both CPUs with them. The
// server CPU column is the user+system time of the instances' processes per request.
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { createTestDatabase } from "../../lib/db/testing";
import { seedUserWithOrg } from "../support/admin";
import { spawnSync } from "node:child_process";
import { groupCpuSeconds } from "../support/process-cpu";
import { startServer, type TestServer } from "../support/server";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number of at least 1`);
  return value;
};

/** Pins every thread of every process of the server's group to `cpus` (taskset syntax). */
function pin(server: TestServer, cpus: string): void {
  const pids = spawnSync("pgrep", ["-g", String(server.pid)], { encoding: "utf8" })
    .stdout.split(/\s+/)
    .filter(Boolean);
  for (const pid of pids) {
    const res = spawnSync("taskset", ["-a", "-cp", cpus, pid], { encoding: "utf8" });
    if (res.status !== 0) throw new Error(`taskset failed for ${pid}: ${res.stderr}`);
  }
}

async function phase(
  label: string,
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
  const cpuBefore = servers.reduce((sum, server) => sum + groupCpuSeconds(server.pid), 0);
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
  const cpu = servers.reduce((sum, server) => sum + groupCpuSeconds(server.pid), 0) - cpuBefore;
  latencies.sort((x, y) => x - y);
  const p = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)].toFixed(1);
  const cpuPerRequest = ((cpu * 1000) / Math.max(1, latencies.length)).toFixed(2);
  return `| ${label} | ${latencies.length} | ${(latencies.length / elapsed).toFixed(0)} req/s | ${p(0.5)} ms | ${p(0.99)} ms | ${errors} | ${cpuPerRequest} ms |`;
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
    await phase("warm-up", servers, token, 2, 2); // routes compiled on both
    console.log(
      `${clients} clients, ${seconds} s per phase, PostgreSQL, load average ${loadavg()
        .map((v) => v.toFixed(2))
        .join(" ")}\n`,
    );
    console.log(
      "| instances | requests | throughput | p50 | p99 | errors | server CPU/req |\n| --- | --- | --- | --- | --- | --- | --- |",
    );
    console.log(await phase("1 (A)", [servers[0]], token, clients, seconds));
    console.log(await phase("2 (A+B)", servers, token, clients, seconds));
    if (process.argv.includes("--pin")) {
      pin(servers[0], "0");
      pin(servers[1], "0");
      console.log(await phase("1, A on CPU 0", [servers[0]], token, clients, seconds));
      console.log(await phase("2, A and B both on CPU 0", servers, token, clients, seconds));
      pin(servers[1], "1");
      console.log(await phase("2, A on CPU 0, B on CPU 1", servers, token, clients, seconds));
    }
    console.log(
      `\nload average at the end: ${loadavg()
        .map((v) => v.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
