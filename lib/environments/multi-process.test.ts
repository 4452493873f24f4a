// Several server processes (or the server and an admin script) writing one SQLite file: SQLite
// admits one writer at a time, so updates race on the write lock. Every update must still either
// land as the next revision number or fail with a ConflictError, never a raw driver error.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { createEnvironment } from "./create-environment";
import { listRevisions } from "./list-revisions";
import { userWithOrg, useTestMasterKey } from "./test-fixtures";

useTestMasterKey();
const root = process.cwd();
const dir = mkdtempSync(path.join(os.tmpdir(), "esc-multiprocess-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A separate Node process that waits until `startAt`, then stores `count` revisions one after another. */
function writer(url: string, userId: string, org: string, startAt: number, count: number): Promise<string[]> {
  const code = `
import { createDb } from "@/lib/db/client";
import { updateEnvironment } from "@/lib/environments/update-environment";
(async () => {
const db = createDb(${JSON.stringify(url)});
await new Promise((r) => setTimeout(r, Math.max(0, ${startAt} - Date.now())));
const out = [];
for (let i = 0; i < ${count}; i++) {
  try { out.push("ok:" + (await updateEnvironment({ userId: ${JSON.stringify(userId)} }, ${JSON.stringify(org)}, "p", "e", "values: {i: " + i + "}\\n", {}, db)).revision); }
  catch (e: any) { out.push(e.name + ":" + e.message.slice(0, 200)); }
}
console.log(JSON.stringify(out));
await db.$disconnect();
})();`;
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, "--eval", code], {
      cwd: root,
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => {
      if (status !== 0) return reject(new Error(stderr.slice(-2000)));
      resolve(JSON.parse(stdout.trim().split("\n").pop()!));
    });
  });
}

describe("SQLite shared by several processes", () => {
  it("keeps revision numbers dense and reports lost races as conflicts", async () => {
    const url = `file:${path.join(dir, "shared.db")}`;
    await applyMigrations(url);
    const db = createDb(url);
    const a = await userWithOrg(db);
    await createEnvironment(a.actor, a.org, "p", "e", "values: {}\n", db);
    const startAt = Date.now() + 5000;
    const results = (
      await Promise.all([1, 2, 3].map(() => writer(url, a.userId, a.org, startAt, 12)))
    ).flat();
    // A writer that loses every retry is told to try again (DatabaseUnavailableError, a 503).
    for (const r of results) expect(r).toMatch(/^(ok:\d+|ConflictError:|DatabaseUnavailableError:)/);
    const stored = results.filter((r) => r.startsWith("ok:")).map((r) => Number(r.slice(3)));
    expect(new Set(stored).size).toBe(stored.length);
    const numbers = (await listRevisions(a.actor, a.org, "p", "e", {}, db)).map((r) => r.number).reverse();
    expect(numbers).toEqual(Array.from({ length: 1 + stored.length }, (_, i) => i + 1));
    await db.$disconnect();
  }, 90_000);
});
