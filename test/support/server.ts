// Starts the real production server (scripts/serve.mjs) on a free loopback port with a fresh SQLite database and data
// directory, for tests that talk HTTP to the whole application. One server per test file:
//
//   const server = await startServer();      // in beforeAll
//   await fetch(`${server.url}/api/health`);
//   await server.stop();                     // in afterAll
//
// The production build is made once (under a lock, so parallel test files and engineers don't
// build over each other) when `.next` is missing or older than any source file.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..", "..");

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** The SQLite URL the server uses (`file:/tmp/…/esc.db`), for seeding data from the test. */
  databaseUrl: string;
  dataDir: string;
  /** The server process (benchmarks read its CPU time from /proc). */
  pid: number;
  /** What the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
  /**
   * Run the server from this directory (a private copy of the build, see
   * test/aws-journey/build-snapshot.ts) instead of the checkout; the caller provides the build.
   */
  projectDir?: string;
  /** Extra node options for the server process (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  if (!opts.projectDir) ensureBuilt();
  const dataDir = mkdtempSync(path.join(tmpdir(), "esc-test-"));
  const databaseUrl = `file:${path.join(dataDir, "esc.db")}`;
  const { applyMigrations } = await import("@/lib/db/migrate");
  await applyMigrations(databaseUrl);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const projectDir = opts.projectDir ?? root;
  // The production server `npm start` runs (scripts/serve.mjs: Next plus the API server).
  const serve = path.join(projectDir, "scripts", "serve.mjs");
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), serve, "--dir", projectDir, "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: projectDir,
      // Its own process group, so stop() ends the server and anything it forked.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        ESC_DATA_DIR: dataDir,
        ESC_PUBLIC_URL: url,
        AUTH_SECRET: "test-auth-secret-not-for-production-0123456789",
        AUTH_TRUST_HOST: "true",
        AUTH_URL: url,
        ...opts.env,
      },
    },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));

  const stop = async () => {
    await killGroup(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(url, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, databaseUrl, dataDir, pid: child.pid!, output: () => output, stop };
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`the server did not answer within 60 s:\n${output()}`);
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Builds with `next build` when there is no build or a source file is newer than it. */
export function ensureBuilt(): void {
  // flock serialises builds across processes; a waiter then finds the build fresh and skips it.
  const res = spawnSync(
    "flock",
    ["/tmp/esc-next-build.lock", process.execPath, path.join(__dirname, "build-if-stale.mjs")],
    {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (res.status !== 0) throw new Error(`next build failed:\n${res.stdout}\n${res.stderr}`);
}
