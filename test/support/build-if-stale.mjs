#!/usr/bin/env node
// Runs `next build` when there is no production build or a source file is newer than it.
// test/support/server.ts runs this under `flock`, so concurrent test files build at most once.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const buildId = path.join(root, ".next", "BUILD_ID");
const sources = ["app", "lib", "components", "public", "prisma", "next.config.ts", "package.json", "auth.ts", "proxy.ts", "middleware.ts", "tsconfig.json"];

export function isStale() {
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const newer = (p) => {
    if (!existsSync(p)) return false;
    const st = statSync(p);
    if (st.isFile()) return st.mtimeMs > built && !/\.test\.tsx?$/.test(p);
    if (!st.isDirectory()) return false;
    return readdirSync(p).some((name) => name !== "node_modules" && newer(path.join(p, name)));
  };
  return sources.some((p) => newer(path.join(root, p)));
}

if (isStale()) {
  const res = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { cwd: root, stdio: "inherit" });
  process.exit(res.status ?? 1);
}
