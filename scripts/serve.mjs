#!/usr/bin/env node
// The production server (what `npm start` runs after its preparations, and what the tests
// start): one HTTP listener where the REST API (/api/*) is answered by lib/http/api-server.ts
// straight from its route modules, and everything else (the console, sign-in, OIDC discovery)
// by Next.js as a custom server.
//
//   node scripts/serve.mjs [--dir <project dir>] [--port 3000] [--hostname 0.0.0.0]
//
// The caller provides the environment (NODE_ENV=production, AUTH_SECRET, DATABASE_URL, …) and
// a fresh `next build` in <dir>/.next. ESC_WORKERS=N (default 1) runs N server processes sharing
// the port (node:cluster), to use more than one core; they are stateless like separate instances
// (docs/deploy.md).
import cluster from "node:cluster";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const scriptRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const dir = path.resolve(option("dir", scriptRoot));
const port = Number(option("port", process.env.PORT ?? "3000"));
const hostname = option("hostname", process.env.HOST || undefined);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`[serve] the port must be a number from 1 to 65535 (got "${port}")`);
  process.exit(1);
}
process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const workers = Number(process.env.ESC_WORKERS ?? "1");
if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
  console.error(`[serve] ESC_WORKERS must be a whole number from 1 to 64 (got "${process.env.ESC_WORKERS}")`);
  process.exit(1);
}
if (workers > 1 && cluster.isPrimary) {
  // The primary only supervises: a worker that dies takes the whole server down (and its
  // supervisor restarts it), rather than leaving a half-sized one behind.
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (closingPrimary) return;
    console.error(`[serve] worker ${worker.process.pid} exited (${signal ?? code}); stopping`);
    stopWorkers(1);
  });
  let closingPrimary = false;
  const stopWorkers = (exitCode) => {
    closingPrimary = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    setTimeout(() => process.exit(exitCode), 6000).unref();
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
    });
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stopWorkers(0));
} else {
  await serve();
}

async function serve() {
  const { default: next } = await import("next");
  const app = next({ dev: false, dir, hostname, port });
  const handleWithNext = app.getRequestHandler();
  // Prepared before tsx is loaded: Next compiles and loads next.config.ts with its own require
  // hook, which tsx's would otherwise stand in front of.
  await app.prepare();

  // lib/ is TypeScript: tsx (a runtime dependency) loads the API server and, through it, the
  // route modules and everything they import, as one module graph (lib/http/api-server.ts).
  const { tsImport } = await import("tsx/esm/api");
  const { createApiServer } = await tsImport(
    pathToFileURL(path.join(dir, "lib", "http", "api-server.ts")).href,
    import.meta.url,
  );
  const api = createApiServer(path.join(dir, "app"), port);
  // SQLite's log is checkpointed on a thread of its own, not inside the requests' commits.
  const { startSqliteCheckpointer } = await tsImport(
    pathToFileURL(path.join(dir, "lib", "db", "sqlite-checkpointer.ts")).href,
    import.meta.url,
  );
  startSqliteCheckpointer();

  const server = createServer((req, res) => {
    if (api.handles(req.url)) void api.serve(req, res);
    else void handleWithNext(req, res);
  });
  server.on("error", (err) => {
    console.error(`[serve] cannot listen on port ${port}: ${err.message}`);
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    console.log(
      `[serve] ready on http://${hostname && hostname !== "0.0.0.0" ? hostname : "localhost"}:${port}`,
    );
  });

  let closing = false;
  function shutdown() {
    if (closing) process.exit(0);
    closing = true;
    // Stop accepting; requests under way get a moment to finish.
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  }
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, shutdown);
}
