#!/usr/bin/env node
// Bundles the esc CLI (lib/cli/main.ts) into dist/esc.mjs so `esc` starts without TypeScript at
// runtime. Code splitting keeps lazily imported modules (yaml) out of the startup path.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const outdir = path.join(root, "dist");

// Chunks are content-hashed and not deleted first, so a running esc never loses a chunk mid-build.
await build({
  absWorkingDir: root,
  entryPoints: { esc: "lib/cli/main.ts" },
  outdir,
  entryNames: "[name]",
  outExtension: { ".js": ".mjs" },
  chunkNames: "cli-chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  tsconfig: path.join(root, "tsconfig.json"),
  define: { __ESC_VERSION__: JSON.stringify(pkg.version) },
  // A bundled CommonJS dependency may call require(); give the ESM bundle one.
  banner: { js: 'import { createRequire as __escCreateRequire } from "node:module"; const require = __escCreateRequire(import.meta.url);' },
  logLevel: "warning",
  legalComments: "none",
});
console.log("built dist/esc.mjs");
