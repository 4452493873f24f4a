// SLOW (one full `next build`, several minutes on a loaded 2-core machine): two `npm start` at the
// same moment on a fresh copy of the checkout (no .next, no data/) must build once, not twice
// into the same .next, and both must serve /api/health. Then the lock's fallback without the
// `flock` binary: a stale lock file left by a dead process is broken, and ESC_SKIP_BUILD=1 skips
// the build step.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..", "..");
/** Not copied: build output and per-checkout state (a fresh clone has none of these). */
const SKIP = new Set([".next", "data", ".git", "test-results", "playwright-report", "node_modules"]);
const BUILD_MINUTES = 15;

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
}

let dir: string;
const running: Started[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** This process's environment minus what would point the server away from the copy's defaults. */
function freshEnv(): Record<string, string> {
  const env: Record<string, string> = { NEXT_TELEMETRY_DISABLED: "1" };
  const drop = new Set([
    "ESC_DATA_DIR",
    "DATABASE_URL",
    "ESC_MASTER_KEY",
    "AUTH_SECRET",
    "NODE_ENV",
    "PORT",
    "HOST",
  ]);
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !drop.has(k) && !k.startsWith("VITEST")) env[k] = v;
  return env;
}

async function start(command: string[], env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  let output = "";
  const child = spawn(command[0], command.slice(1), {
    cwd: dir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...freshEnv(), PORT: String(port), HOST: "127.0.0.1", ...env } as unknown as NodeJS.ProcessEnv,
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const started = { child, port, output: () => output };
  running.push(started);
  return started;
}

async function healthy(s: Started, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (s.child.exitCode !== null)
      throw new Error(`npm start exited with ${s.child.exitCode}:\n${s.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${s.port}/api/health`, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`no answer from /api/health within ${timeoutMs} ms:\n${s.output()}`);
}

async function stopAll(): Promise<void> {
  await Promise.all(
    running.splice(0).map(async ({ child }) => {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

beforeAll(() => {
  // A fresh clone: sources copied, dependencies hard-linked (same files, no download, no space).
  dir = mkdtempSync(path.join(tmpdir(), "esc-start-lock-"));
  for (const name of readdirSync(root)) {
    if (!SKIP.has(name)) cpSync(path.join(root, name), path.join(dir, name), { recursive: true });
  }
  // cpSync cannot hard-link, and a symlinked node_modules points out of the project root, which
  // Next's bundler refuses.
  const linked = spawnSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")]);
  if (linked.status !== 0) throw new Error(`cp -al node_modules failed: ${linked.stderr}`);
}, BUILD_MINUTES * 60_000);

afterAll(async () => {
  await stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("npm start: build lock", () => {
  it(
    "two npm start at once on a fresh copy build once and both serve /api/health",
    async () => {
      expect(existsSync(path.join(dir, ".next"))).toBe(false);
      const [a, b] = await Promise.all([start(["npm", "start"]), start(["npm", "start"])]);
      expect(await healthy(a, BUILD_MINUTES * 60_000)).toBe(200);
      expect(await healthy(b, BUILD_MINUTES * 60_000)).toBe(200);
      const both = a.output() + b.output();
      // Exactly one of them built; the other waited and found the build fresh.
      expect(count(both, "no production build yet: running next build")).toBe(1);
      expect(count(both, "the production build is up to date")).toBe(1);
      await stopAll();
    },
    (BUILD_MINUTES + 2) * 60_000,
  );

  it(
    "without flock: a stale lock of a dead process is broken; ESC_SKIP_BUILD=1 skips the build step",
    async () => {
      // A PATH with node and npm but no flock, so start.mjs uses its lock file.
      const bin = path.join(dir, "data", "no-flock-bin");
      mkdirSync(bin, { recursive: true });
      symlinkSync(process.execPath, path.join(bin, "node"));
      const lock = path.join(dir, "data", "next-build.lock");
      writeFileSync(lock, `999999999@${hostname()}`);
      const a = await start([process.execPath, "scripts/start.mjs"], { PATH: bin });
      const b = await start([process.execPath, "scripts/start.mjs"], { ESC_SKIP_BUILD: "1", PATH: bin });
      expect(await healthy(a, 5 * 60_000)).toBe(200);
      expect(await healthy(b, 5 * 60_000)).toBe(200);
      expect(a.output()).toContain("removing a stale build lock left by process 999999999");
      expect(a.output()).toContain("the production build is up to date");
      expect(existsSync(lock)).toBe(false);
      expect(b.output()).toContain("ESC_SKIP_BUILD=1: using the existing build");
      expect(b.output()).not.toContain("production build is up to date");
    },
    6 * 60_000,
  );
});
