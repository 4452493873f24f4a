// Starts the product the way users do (`npm start` = scripts/start.mjs: migrations, build if
// stale, then serving) on a free loopback port with a fresh SQLite database and data directory,
// shared by every spec and stopped after. The build runs first under the same lock the API
// suite uses (test/support/server.ts), so concurrent suites never build over each other.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureBuilt } from "../test/support/server";
import { startAws, type E2eAws } from "./aws";

const root = path.resolve(__dirname, "..");

export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureBuilt();
  const dataDir = mkdtempSync(path.join(tmpdir(), "esc-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // AWS for the specs that open aws-login (moto behind an AWS-like STS gate), when installed.
  const aws: E2eAws | null = await startAws();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(aws?.serverEnv ?? {}),
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${path.join(dataDir, "esc.db")}`,
    ESC_DATA_DIR: dataDir,
    ESC_PUBLIC_URL: url,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.AUTH_SECRET; // start.mjs generates one under ESC_DATA_DIR: that path is tested too
  const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));

  const stop = async () => {
    await killGroup(child);
    await aws?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(`${url}/signin`, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  process.env.E2E_BASE_URL = url;
  process.env.E2E_DATA_DIR = dataDir;
  if (aws) process.env.E2E_MOTO_ENDPOINT = aws.motoEndpoint;
  return stop;
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer within 120 s:\n${output()}`);
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, "SIGTERM");
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
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
