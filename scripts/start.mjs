#!/usr/bin/env node
// `npm start`: everything a fresh clone needs to serve, with no manual step.
//   1. a data directory (ESC_DATA_DIR, default ./data) and, unless AUTH_SECRET is set, a session
//      secret generated once and kept at <data>/auth-secret (mode 0600);
//   2. database migrations applied (DATABASE_URL, default the SQLite file under ./data), the master
//      key checked, and legacy fn::secret ciphertext rebound to its environments
//      (lib/crypto/bind-legacy-secrets.ts);
//   3. `next build` when there is no build or a source file is newer than it, under an exclusive
//      lock (data/next-build.lock in the checkout), so instances started at once from the same
//      checkout build once: the others wait, then find the build fresh. ESC_SKIP_BUILD=1 skips
//      this step (the build was made beforehand, e.g. baked into an image);
//   4. the server (scripts/serve.mjs: Next.js for the console, the REST API beside it) on PORT
//      (default 3000) and HOST (default: all interfaces), until a signal.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
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
    fail(
      `${file} holds no usable secret (expected at least 32 characters). Delete it to generate a new one (this signs everyone out).`,
    );
  }
  // Written whole to a temporary file, then linked into place: link fails if the file exists, so
  // of two instances starting at once exactly one secret wins and nobody reads a half-written one.
  const secret = randomBytes(32).toString("base64url");
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, `${secret}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  try {
    linkSync(temp, file);
    log(`generated a session secret in ${path.relative(root, file) || file}`);
  } catch (err) {
    if (err.code !== "EEXIST") throw err;
  } finally {
    unlinkSync(temp);
  }
  return authSecret(dataDir);
}

async function migrate() {
  // lib/db is TypeScript; tsx (a runtime dependency) loads it without a separate compile step.
  const { tsImport } = await import("tsx/esm/api");
  const { applyMigrations } = await tsImport(
    pathToFileURL(path.join(root, "lib", "db", "migrate.ts")).href,
    import.meta.url,
  );
  const applied = await applyMigrations();
  log(
    applied.length
      ? `applied ${applied.length} migration(s): ${applied.join(", ")}`
      : "database schema is up to date",
  );
  // Refuse to serve with a malformed master key or one that does not open this database.
  const { checkMasterKeyAtStartup } = await tsImport(
    pathToFileURL(path.join(root, "lib", "crypto", "startup-check.ts")).href,
    import.meta.url,
  );
  for (const note of await checkMasterKeyAtStartup()) log(note);
  // Legacy fn::secret ciphertext (organization-bound) is rebound to its environments before serving.
  const { bindLegacySecretsAtStartup } = await tsImport(
    pathToFileURL(path.join(root, "lib", "crypto", "bind-legacy-secrets.ts")).href,
    import.meta.url,
  );
  for (const note of await bindLegacySecretsAtStartup()) log(note);
}

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "prisma",
  "auth.ts",
  "proxy.ts",
  "middleware.ts",
  "next.config.ts",
  "package.json",
  "tsconfig.json",
];

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

/** Where instances started from this checkout take turns at building. */
const BUILD_LOCK = path.join(root, "data", "next-build.lock");

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

/**
 * Runs `fn` holding BUILD_LOCK. With util-linux `flock` on the PATH the kernel holds the lock (it
 * goes away with the process, whatever happens): this script re-runs itself under `flock` for the
 * build step. Without it, the lock is a file created with O_EXCL holding our PID and host; a lock
 * whose process is gone (same host) is stale and is broken.
 */
function withBuildLock(fn) {
  mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  if (process.env.ESC_BUILD_LOCK_HELD === "1") return fn();
  const hasFlock = spawnSync("flock", ["--version"], { stdio: "ignore" }).status === 0;
  if (hasFlock) {
    const res = spawnSync(
      "flock",
      [BUILD_LOCK, process.execPath, fileURLToPath(import.meta.url), "--build-if-needed"],
      {
        stdio: "inherit",
        env: { ...process.env, ESC_BUILD_LOCK_HELD: "1" },
      },
    );
    if (res.status !== 0) process.exit(res.status ?? 1);
    return;
  }
  const me = `${process.pid}@${hostname()}`;
  let waiting = false;
  for (;;) {
    try {
      const fd = openSync(BUILD_LOCK, "wx", 0o600);
      writeFileSync(fd, me);
      closeSync(fd);
      break;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    let holder = "";
    try {
      holder = readFileSync(BUILD_LOCK, "utf8").trim();
    } catch {
      continue; // released between our attempt and the read
    }
    const [pid, host] = holder.split("@");
    if (holder && host === hostname() && !processAlive(Number(pid))) {
      log(`removing a stale build lock left by process ${pid}`);
      try {
        unlinkSync(BUILD_LOCK);
      } catch {
        // someone else removed it first
      }
      continue;
    }
    if (!waiting) log(`another instance (${holder || "starting"}) is building: waiting for it`);
    waiting = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
  try {
    return fn();
  } finally {
    try {
      if (readFileSync(BUILD_LOCK, "utf8").trim() === me) unlinkSync(BUILD_LOCK);
    } catch {
      // already gone
    }
  }
}

function buildIfNeeded() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((s) => newestSourceTime(path.join(root, s))));
  if (builtAt && builtAt >= newest) {
    log("the production build is up to date");
    return;
  }
  log(
    builtAt
      ? "sources changed since the last build: running next build"
      : "no production build yet: running next build",
  );
  const res = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (res.status !== 0) fail("next build failed (see above)");
}

function parsePort(value) {
  const port = Number(value ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`PORT must be a number from 1 to 65535 (got "${value}")`);
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
  if (process.env.ESC_SKIP_BUILD === "1") log("ESC_SKIP_BUILD=1: using the existing build");
  else withBuildLock(buildIfNeeded);

  const args = [path.join(root, "scripts", "serve.mjs"), "--dir", root, "--port", String(port)];
  if (host) args.push("--hostname", host);
  log(`serving on http://${host && host !== "0.0.0.0" ? host : "localhost"}:${port}`);
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      AUTH_SECRET: secret,
      AUTH_TRUST_HOST: "true",
      ESC_DATA_DIR: dataDir,
    },
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) =>
    process.exit(code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : signal === "SIGHUP" ? 1 : 15) : 1)),
  );
}

if (process.argv[2] === "--build-if-needed") buildIfNeeded();
else await main();
