#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. `npm run bench:load -- --cpu-prof DIR`)
// by self time and by inclusive time, per function and per package, so a profile of a server
// under load can be read without DevTools.
//
//   node scripts/cpuprofile-summary.mjs FILE.cpuprofile [--top 30] [--match REGEX]
//
// "package" is the npm package of the function's file (node_modules/<pkg>), `node:` for Node's
// own code, `(gc)`/`(program)`/`(idle)` for V8's pseudo-nodes, and the bundle chunk for the
// app's own code (Next.js bundles lib/ into .next/server/chunks; function names survive).
// --match keeps only functions whose "name file" matches REGEX in the inclusive table.
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node scripts/cpuprofile-summary.mjs FILE.cpuprofile [--top N] [--match REGEX]");
  process.exit(2);
}
const opt = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const top = Number(opt("top", "30"));
const match = opt("match", "") ? new RegExp(opt("match", "")) : null;

const profile = JSON.parse(readFileSync(file, "utf8"));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Time per sample: timeDeltas[i] is the time before sample i.
const selfUs = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = deltas[i + 1] ?? deltas[i] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
}
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

function packageOf(url) {
  if (!url) return "";
  if (url.startsWith("node:")) return "node:";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const chunk = /\.next\/(server\/.*)$/.exec(url);
  if (chunk) return `.next/${chunk[1].replace(/\[[^\]]*\]__/g, "").slice(0, 60)}`;
  return url.replace(/^file:\/\//, "").slice(-60);
}

const keyOf = (n) => {
  const f = n.callFrame;
  const where = f.url ? `${packageOf(f.url)}:${f.lineNumber + 1}` : "";
  return `${f.functionName || "(anonymous)"} ${where}`.trim();
};

const selfByFn = new Map();
const selfByPkg = new Map();
const inclByFn = new Map();
for (const [id, us] of selfUs) {
  const n = nodes.get(id);
  const fn = keyOf(n);
  selfByFn.set(fn, (selfByFn.get(fn) ?? 0) + us);
  const pkg = packageOf(n.callFrame.url) || n.callFrame.functionName;
  selfByPkg.set(pkg, (selfByPkg.get(pkg) ?? 0) + us);
  // Inclusive: every distinct function on the stack gets the sample once (recursion counted once).
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = keyOf(nodes.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    inclByFn.set(k, (inclByFn.get(k) ?? 0) + us);
  }
}

const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
function table(title, map, filter = () => true) {
  console.log(`\n## ${title}`);
  const rows = [...map]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  for (const [k, us] of rows) console.log(`${ms(us)} ${pct(us)}  ${k}`);
}

console.log(`${file}: ${(totalUs / 1e6).toFixed(2)} s sampled, ${profile.samples.length} samples`);
table("self time by package", selfByPkg);
table("self time by function", selfByFn);
table("inclusive time by function", inclByFn, (k) => !match || match.test(k));
