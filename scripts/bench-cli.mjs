#!/usr/bin/env node
// `npm run bench:cli`: median wall time of `esc env run NAME -- true` against a local server versus
// a bare `node -e 0`. Target: at most 150 ms over node. By default it starts a minimal in-process
// server that answers the two calls `run` makes (POST open, GET open/{id}); pass
// `--url URL --token TOKEN --env org/project/env` to measure against a real server instead.
import { spawnSync } from "node:child_process";
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const runs = Number(args.runs ?? 21);
const TARGET_MS = 150;

build();
let server;
let url = args.url;
const token = args.token ?? "bench-token";
const envName = args.env ?? "bench-org/default/bench";
if (!url) {
  server = await startStubServer();
  url = `http://127.0.0.1:${server.address().port}`;
}
const configDir = mkdtempSync(path.join(os.tmpdir(), "esc-bench-"));
const env = { ...process.env, ESC_CONFIG_DIR: configDir, PULUMI_BACKEND_URL: url, PULUMI_ACCESS_TOKEN: token };

const escArgs = [path.join(root, "bin", "esc.mjs"), "env", "run", envName, "--", "true"];
try {
  await time(process.execPath, escArgs, env, "inherit");
} catch (err) {
  console.error(`esc env run failed: ${err.message}`);
  server?.close();
  process.exit(1);
}
// Alternate the two so machine noise hits both alike.
const nodeTimes = [];
const escTimes = [];
for (let i = 0; i < runs; i++) {
  nodeTimes.push(await time(process.execPath, ["-e", "0"], env));
  escTimes.push(await time(process.execPath, escArgs, env));
}
server?.close();
rmSync(configDir, { recursive: true, force: true });

const nodeMs = median(nodeTimes);
const escMs = median(escTimes);
const diff = escMs - nodeMs;
console.log(`node -e 0:                       ${nodeMs.toFixed(1)} ms (median of ${runs})`);
console.log(`esc env run ${envName} -- true: ${escMs.toFixed(1)} ms (median of ${runs})`);
console.log(`load average:                    ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores (wall times inflate under load)`);
console.log(`difference:                      ${diff.toFixed(1)} ms (target <= ${TARGET_MS} ms) ${diff <= TARGET_MS ? "OK" : "OVER TARGET"}`);
process.exitCode = diff <= TARGET_MS ? 0 : 1;

function build() {
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "build-cli.mjs")], { stdio: "inherit" });
  if (r.status !== 0) process.exit(1);
}

// spawnSync would block the stub server's event loop, so time an async spawn instead.
async function time(cmd, argv, env, stdio = "ignore") {
  const { spawn } = await import("node:child_process");
  const start = process.hrtime.bigint();
  await new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env, stdio });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`))));
  });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function startStubServer() {
  const environment = {
    properties: {
      environmentVariables: {
        value: {
          GREETING: { value: "hello", trace: {} },
          TOKEN: { value: "s3cr3t-value", secret: true, trace: {} },
        },
        trace: {},
      },
      files: { value: { CONFIG: { value: "a: 1\n", trace: {} } }, trace: {} },
    },
  };
  const s = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method === "POST" && req.url.includes("/open")) res.end(JSON.stringify({ id: "1" }));
      else if (req.method === "GET" && req.url.includes("/open/1")) res.end(JSON.stringify(environment));
      else {
        res.statusCode = 404;
        res.end(JSON.stringify({ code: 404, message: "not found" }));
      }
    });
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}
