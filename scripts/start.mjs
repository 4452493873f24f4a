#!/usr/bin/env node
// `npm start`: everything a fresh clone needs to serve, with no manual step.
//   1. a data directory (ESC_DATA_DIR, default ./data) and, unless AUTH_SECRET is set, a session
//      secret generated once and kept at <data>/auth-secret (mode 0600);
//   2. database migrations applied (DATABASE_URL, default the SQLite file under ./data);
//   3. `next build` when there is no build or a source file is newer than it;
//   4. `next start` on PORT (default 3000) and HOST (default: all interfaces), until a signal.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
process.chdir(root);
// Next.js would otherwise report anonymous usage to its servers: nothing leaves this machine.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

function log(message) {
  console.log(`[start] ${message}`);
}

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

/** The session-signing secret: AUTH_SECRET if given, else one generated once and reused. */
function authSecret(dataDir) {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) {
    const secret = readFileSync(file, "utf8").trim();
    if (secret.length >= 32) return secret;
    fail(`${file} holds no usable secret (expected at least 32 characters). Delete it to generate a new one (this signs everyone out).`);
  }
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  log(`generated a session secret in ${path.relative(root, file) || file}`);
  return secret;
}

async function migrate() {
  // lib/db is TypeScript; tsx (a runtime dependency) loads it without a separate compile step.
  const { tsImport } = await import("tsx/esm/api");
  const { applyMigrations } = await tsImport(pathToFileURL(path.join(root, "lib", "db", "migrate.ts")).href, import.meta.url);
  const applied = await applyMigrations();
  log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database schema is up to date");
  // Refuse to serve with a malformed master key or one that does not open this database.
  const { checkMasterKeyAtStartup } = await tsImport(pathToFileURL(path.join(root, "lib", "crypto", "startup-check.ts")).href, import.meta.url);
  for (const note of await checkMasterKeyAtStartup()) log(note);
}

const SOURCES = ["app", "components", "lib", "public", "prisma", "auth.ts", "proxy.ts", "middleware.ts", "next.config.ts", "package.json", "tsconfig.json"];

/** The newest modification time under the sources the build depends on (tests excluded). */
function newestSourceTime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (st.isFile()) return /\.test\.tsx?$/.test(p) ? 0 : st.mtimeMs;
  if (!st.isDirectory()) return 0;
  let newest = 0;
  for (const name of readdirSync(p)) {
    if (name === "node_modules" || name === "generated") continue;
    newest = Math.max(newest, newestSourceTime(path.join(p, name)));
  }
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((s) => newestSourceTime(path.join(root, s))));
  if (builtAt && builtAt >= newest) {
    log("the production build is up to date");
    return;
  }
  log(builtAt ? "sources changed since the last build: running next build" : "no production build yet: running next build");
  const res = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (res.status !== 0) fail("next build failed (see above)");
}

function parsePort(value) {
  const port = Number(value ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a number from 1 to 65535 (got "${value}")`);
  return port;
}

async function main() {
  const port = parsePort(process.env.PORT);
  const host = process.env.HOST;
  const dataDir = path.resolve(process.env.ESC_DATA_DIR ?? path.join(root, "data"));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = authSecret(dataDir);

  try {
    await migrate();
  } catch (err) {
    fail(`could not prepare the database: ${err instanceof Error ? err.message : String(err)}`);
  }
  buildIfNeeded();

  const args = [nextBin, "start", "-p", String(port)];
  if (host) args.push("-H", host);
  log(`serving on http://${host && host !== "0.0.0.0" ? host : "localhost"}:${port}`);
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", AUTH_SECRET: secret, AUTH_TRUST_HOST: "true", ESC_DATA_DIR: dataDir },
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : signal === "SIGHUP" ? 1 : 15) : 1)));
}

await main();
