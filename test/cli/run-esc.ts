// Runs the real `esc` (bin/esc.mjs → dist/esc.mjs) as a child process, with its own config dir,
// so tests see exactly what a user would: stdout, stderr, exit code, signals.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(__dirname, "..", "..");
export const escBin = path.join(root, "bin", "esc.mjs");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!entry.name.endsWith(".test.ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds dist/esc.mjs when missing or older than lib/cli (under a lock shared by parallel test files). */
export function ensureCliBuilt(): void {
  const out = path.join(root, "dist", "esc.mjs");
  const stale = () => !fs.existsSync(out) || fs.statSync(out).mtimeMs < Math.max(newestMtime(path.join(root, "lib", "cli")), newestMtime(path.join(root, "lib", "esc")));
  if (!stale()) return;
  const r = spawnSync("flock", ["/tmp/esc-cli-build.lock", "sh", "-c", `cd "${root}" && node scripts/build-cli.mjs`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building the CLI failed: ${r.stderr}`);
}

export interface EscResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface EscOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  cwd?: string;
}

/** A private config dir plus the variables that point esc at a server. */
export function escEnv(serverUrl: string, token: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "esc-cli-test-"));
  return {
    ESC_CONFIG_DIR: configDir,
    PULUMI_HOME: path.join(configDir, "pulumi-home"),
    PULUMI_BACKEND_URL: serverUrl,
    PULUMI_ACCESS_TOKEN: token,
    ...extra,
  };
}

export function startEsc(args: string[], opts: EscOptions = {}): ChildProcess {
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  return spawn(process.execPath, [escBin, ...args], { env: env as NodeJS.ProcessEnv, cwd: opts.cwd ?? root, stdio: ["pipe", "pipe", "pipe"] });
}

export function collect(child: ChildProcess, stdin?: string): Promise<EscResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  if (stdin !== undefined) child.stdin?.end(stdin);
  else child.stdin?.end();
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function runEsc(args: string[], opts: EscOptions = {}): Promise<EscResult> {
  return collect(startEsc(args, opts), opts.stdin);
}
