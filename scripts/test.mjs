#!/usr/bin/env node
// `npm test`: every suite in order, then one total line `N passed, M failed` that CI reads.
// Type-check and lint count as one test each; the others report their own counts.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const results = path.join(root, "test-results");
mkdirSync(results, { recursive: true });

// Next.js would try to send telemetry; this machine (and many users') has no internet.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

if (!process.env.ESC_CONFORMANCE_DIR && existsSync(path.join(root, "..", "shared", "conformance"))) {
  process.env.ESC_CONFORMANCE_DIR = path.join(root, "..", "shared", "conformance");
}

function run(cmd, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...extraEnv } });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on("data", (d) => process.stderr.write(d));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

function lastCountLine(text) {
  const lines = text.trim().split("\n").reverse();
  for (const line of lines) {
    const m = /^(?:\w+:\s*)?(\d+) passed, (\d+) failed/.exec(line.trim());
    if (m) return { passed: Number(m[1]), failed: Number(m[2]) };
  }
  return null;
}

const suites = [
  {
    name: "typecheck",
    async run() {
      const r = await run(bin("tsc"), ["--noEmit", "-p", "."]);
      return r.code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
    },
  },
  {
    name: "lint",
    async run() {
      const r = await run(bin("eslint"), [".", "--max-warnings=-1"]);
      return r.code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
    },
  },
  {
    // Built once here so the API and browser suites share one production build.
    name: "build (next build, CLI bundle)",
    async run() {
      const cli = existsSync(path.join(root, "scripts", "build-cli.mjs")) ? await run(process.execPath, ["scripts/build-cli.mjs"]) : { code: 0 };
      const next = await run(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"]);
      return cli.code === 0 && next.code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
    },
  },
  {
    name: "unit and data-layer tests (vitest)",
    async run() {
      const file = path.join(results, "vitest.json");
      rmSync(file, { force: true });
      const r = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]);
      if (!existsSync(file)) return { passed: 0, failed: 1 };
      const report = JSON.parse(readFileSync(file, "utf8"));
      const failed = report.numFailedTests + (r.code !== 0 && report.numFailedTests === 0 ? 1 : 0);
      return { passed: report.numPassedTests, failed };
    },
  },
  {
    name: "conformance",
    async run() {
      const r = await run(bin("tsx"), ["scripts/conformance.ts"]);
      const counts = lastCountLine(r.out);
      if (!counts) return { passed: 0, failed: 1 };
      // The runner exits non-zero on an unexpected failure or an expected failure that now passes.
      return r.code === 0 ? { passed: counts.passed + counts.failed, failed: 0 } : { passed: counts.passed, failed: Math.max(1, counts.failed) };
    },
  },
  {
    name: "end-to-end (Playwright, Chromium)",
    async run() {
      const file = path.join(results, "playwright.json");
      rmSync(file, { force: true });
      const r = await run(bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
      if (!existsSync(file)) return { passed: 0, failed: 1 };
      const { stats } = JSON.parse(readFileSync(file, "utf8"));
      const failed = stats.unexpected + (r.code !== 0 && stats.unexpected === 0 ? 1 : 0);
      return { passed: stats.expected + stats.flaky, failed };
    },
  },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const summary = [];
for (const suite of suites) {
  if (only.length && !only.some((o) => suite.name.includes(o))) continue;
  console.log(`\n=== ${suite.name} ===`);
  const started = Date.now();
  let counts;
  try {
    counts = await suite.run();
  } catch (err) {
    console.error(`${suite.name}: ${err instanceof Error ? err.message : err}`);
    counts = { passed: 0, failed: 1 };
  }
  passed += counts.passed;
  failed += counts.failed;
  summary.push(`${suite.name}: ${counts.passed} passed, ${counts.failed} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
console.log("\n=== summary ===");
for (const line of summary) console.log(`  ${line}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
