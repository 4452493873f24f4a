// Evaluator benchmark: check and open on the conformance `bench` fixture and on generated
// environments, each reported as the median (CPU) time and its ratio to what `yaml`'s parseDocument
// alone takes on the same text (for environments with imports: all the texts involved, since
// the evaluator parses every one of them; the "docs" column counts them, e.g. 21 for the import
// chain: the root and its 20 environments). The denominator is always the `yaml` package, even
// though the evaluator now decodes plain YAML with its own decoder (lib/esc/simple-yaml.ts).
// Target: ratio ≤ 3, and for 100,000 keys also check and open within a second of CPU each (a target
// of the evaluator's issue; kept here rather than in a timed unit test, where a slow moment of a
// shared machine failed it).
//
//   npm run bench:eval               # table on stdout
//   npm run bench:eval -- --markdown # the same as a Markdown table (for BENCHMARKS.md)
import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseDocument } from "yaml";
import { checkEnvironment, openEnvironment } from "../lib/esc/index";
import type { EnvironmentLoader } from "../lib/esc/contract";
import { testProviders } from "../lib/esc/testing/providers";
import { rot128 } from "../lib/esc/testing/rot128";

interface Scenario {
  name: string;
  root: string;
  envs: Record<string, string>;
}

const FIXTURE = "/work/shared/conformance/eval/bench";

function benchFixture(): Scenario {
  const envs: Record<string, string> = {};
  for (const file of readdirSync(FIXTURE)) {
    if (file.endsWith(".yaml") && file !== "env.yaml")
      envs[file.slice(0, -5)] = readFileSync(path.join(FIXTURE, file), "utf8");
  }
  return {
    name: "conformance bench fixture (26 imports)",
    root: readFileSync(path.join(FIXTURE, "env.yaml"), "utf8"),
    envs,
  };
}

function keys(n: number): Scenario {
  const lines = ["values:"];
  for (let i = 0; i < n; i++) lines.push(`  key${i}: value ${i}`);
  return { name: `${n.toLocaleString("en")} keys`, root: lines.join("\n") + "\n", envs: {} };
}

function importChain(n: number): Scenario {
  const envs: Record<string, string> = {};
  for (let i = 1; i <= n; i++) {
    const next = i < n ? `imports: [chain${i + 1}]\n` : "";
    envs[`chain${i}`] =
      `${next}values:\n  level${i}: ${i}\n  shared:\n    from: chain${i}\n    value: \${level${i}}\n  secret${i}: {fn::secret: {ciphertext: ZXNjeAAAAAHo9e705fKyKo30VQ==}}\n`;
  }
  return {
    name: `import chain of ${n}`,
    root: "imports: [chain1]\nvalues:\n  top: ${shared.value}\n  deepest: ${level20}\n",
    envs,
  };
}

/**
 * 1,000 leaves and 1,000 objects whose strings each interpolate five leaves and two settings,
 * a 1,000-long chain of references between the objects, toJSON over each object, and 100
 * environment variables. Values stay small: a key that interpolated earlier keys which
 * interpolate earlier keys would grow exponentially and measure string building instead.
 */
function heavyInterpolation(): Scenario {
  const n = 1000;
  const lines = ["values:", "  base: {host: db.example.com, port: 5432, user: app}"];
  for (let i = 0; i < n; i++) lines.push(`  leaf${i}: value-${i}`);
  for (let i = 0; i < n; i++) {
    const refs = [0, 7, 13, 101, 499].map((d) => `\${leaf${(i * 31 + d) % n}}`).join("/");
    lines.push(
      `  k${i}:`,
      `    url: "https://\${base.user}@\${base.host}:\${base.port}/${refs}"`,
      `    chain: ${i === 0 ? "start" : `\${k${i - 1}.chain}`}`,
      `    json: {fn::toJSON: {url: "\${k${i}.url}", n: ${i}}}`,
    );
  }
  lines.push(
    "  environmentVariables:",
    ...Array.from({ length: 100 }, (_, i) => `    VAR_${i}: \${k${i * 10}.url}`),
  );
  return {
    name: "heavy interpolation (1,000 objects × 7 refs, 1,000-long chain)",
    root: lines.join("\n") + "\n",
    envs: {},
  };
}

function loaderOf(envs: Record<string, string>): EnvironmentLoader {
  return {
    async load(name) {
      if (!Object.hasOwn(envs, name)) throw new Error(`environment ${name} not found`);
      return { yaml: envs[name], crypter: rot128 };
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Milliseconds of CPU time (user + system) used by this process so far. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `f` once to warm up, then at least 5 times and for about 2 s (at most 50 runs).
 * Returns the median CPU time, which the other engineers' builds on this shared machine
 * disturb far less than wall time, and the median wall time for reference.
 */
async function time(f: () => unknown): Promise<{ cpu: number; wall: number }> {
  await f();
  const cpu: number[] = [];
  const wall: number[] = [];
  const started = performance.now();
  while (cpu.length < 5 || (performance.now() - started < 2000 && cpu.length < 50)) {
    const [c, w] = [cpuMs(), performance.now()];
    await f();
    cpu.push(cpuMs() - c);
    wall.push(performance.now() - w);
  }
  return { cpu: median(cpu), wall: median(wall) };
}

interface Timing {
  cpu: number;
  wall: number;
}

interface Row {
  name: string;
  /** Documents parsed by the baseline: the root plus every environment it imports. */
  docs: number;
  bytes: number;
  parse: Timing;
  check: Timing;
  open: Timing;
  diagnostics: number;
}

async function measure(s: Scenario): Promise<Row> {
  const texts = [s.root, ...Object.values(s.envs)];
  const opts = {
    name: "bench",
    providers: testProviders,
    loader: loaderOf(s.envs),
    crypter: rot128,
    executionContext: {},
  };
  const parse = await time(() => texts.forEach((t) => parseDocument(t, { uniqueKeys: false })));
  const check = await time(() => checkEnvironment(s.root, opts));
  const open = await time(() => openEnvironment(s.root, opts));
  const diagnostics = (await openEnvironment(s.root, opts)).diagnostics.length;
  return {
    name: s.name,
    docs: texts.length,
    bytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0),
    parse,
    check,
    open,
    diagnostics,
  };
}

/** No evaluation here should take more CPU than this (100,000 keys is the largest). */
const SECOND_TARGET_MS = 1000;

async function main(): Promise<void> {
  const markdown = process.argv.includes("--markdown");
  const scenarios = [
    benchFixture(),
    keys(1000),
    keys(10_000),
    keys(100_000),
    importChain(20),
    heavyInterpolation(),
  ];
  const rows: Row[] = [];
  for (const s of scenarios) {
    process.stderr.write(`measuring ${s.name}…\n`);
    rows.push(await measure(s));
  }
  const ms = (x: Timing) => `${x.cpu.toFixed(1)} ms (${x.wall.toFixed(0)})`;
  // The target is the evaluation's; parseDocument is only the yardstick.
  const evaluated = (x: Timing) => `${ms(x)}${x.cpu > SECOND_TARGET_MS ? " (over 1 s)" : ""}`;
  const ratio = (x: Timing, p: Timing) =>
    `${(x.cpu / p.cpu).toFixed(2)}${x.cpu / p.cpu <= 3 ? "" : " (over 3)"}`;
  const header = [
    "scenario",
    "docs",
    "YAML bytes",
    "parseDocument",
    "check",
    "check/parse",
    "open",
    "open/parse",
    "diags",
  ];
  const table = rows.map((r) => [
    r.name,
    String(r.docs),
    String(r.bytes),
    ms(r.parse),
    evaluated(r.check),
    ratio(r.check, r.parse),
    evaluated(r.open),
    ratio(r.open, r.parse),
    String(r.diagnostics),
  ]);
  const machine = `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`;
  if (markdown) {
    console.log(`| ${header.join(" | ")} |`);
    console.log(`| ${header.map(() => "---").join(" | ")} |`);
    for (const r of table) console.log(`| ${r.join(" | ")} |`);
    console.log(
      `\n${machine}. Median CPU time of ≥5 runs after a warm-up run (median wall time in parentheses).`,
    );
  } else {
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
    const line = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    console.log(line(header));
    for (const r of table) console.log(line(r));
    console.log(`${machine}. Median CPU ms (median wall ms).`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
