// Test support: a private copy of the production build to run the server from. Several
// engineers share one checkout; when someone's test finds `.next` stale it rebuilds it in place,
// and a server already running from it then fails with ChunkLoadError halfway through a long test.
// The copy is taken under the same lock that serialises builds (test/support/server.ts), right
// after making sure the build is fresh, so it is always one complete build. Everything else in the
// directory is a symlink to the checkout.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const BUILD_LOCK = "/tmp/esc-next-build.lock";
/** Not linked: the build (copied instead) and per-checkout state a server must not share. */
const SKIP = new Set([".next", "data", ".git", "test-results"]);

export interface BuildSnapshot {
  dir: string;
  remove(): void;
}

export function snapshotBuild(): BuildSnapshot {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "esc-build-snapshot-"));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  // .next/cache only speeds up the next build; the server never reads it.
  const target = path.join(dir, ".next");
  const script = `node test/support/build-if-stale.mjs >&2 && mkdir "${target}" && find .next -mindepth 1 -maxdepth 1 ! -name cache -exec cp -a {} "${target}" ';'`;
  const res = spawnSync("flock", [BUILD_LOCK, "sh", "-c", script], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) {
    remove();
    throw new Error(`building or copying .next failed:\n${res.stderr}`);
  }
  for (const name of fs.readdirSync(root)) {
    if (!SKIP.has(name)) fs.symlinkSync(path.join(root, name), path.join(dir, name));
  }
  return { dir, remove };
}
