// The master-key start-up check, run for real: `npm start` (scripts/start.mjs) and
// `npm run keys:check` as child processes against a database holding sealed data. A wrong,
// malformed or missing key must stop start-up with a clear message that never shows the key.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOrgCrypter } from "@/lib/crypto/org-crypter";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";

const root = path.resolve(__dirname, "..", "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

for (const kind of DATABASE_KINDS) {
  describe(`master-key start-up check on ${kind}`, () => {
    let t: TestDatabase;
    let dataDir: string;
    const key = randomBytes(32).toString("base64");

    beforeAll(async () => {
      t = await createTestDatabase(kind);
      dataDir = mkdtempSync(path.join(os.tmpdir(), "esc-startup-check-"));
      const org = await t.db.organization.create({ data: { name: "acme" } });
      await getOrgCrypter(t.db, org.id, Buffer.from(key, "base64"));
    });
    afterAll(async () => {
      await t?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    function run(command: "start" | "keys:check", env: Record<string, string | undefined>) {
      const args =
        command === "start"
          ? [process.execPath, path.join(root, "scripts", "start.mjs")]
          : [tsx, path.join(root, "scripts", "keys-check.ts")];
      const childEnv: Record<string, string | undefined> = {
        ...process.env,
        DATABASE_URL: t.url,
        ESC_DATA_DIR: dataDir,
        AUTH_SECRET: "test-auth-secret-not-for-production-0123456789",
        PORT: "1",
        ESC_MASTER_KEY: undefined,
        ...env,
      };
      for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k];
      // A check that wrongly passed would go on to build and serve: the timeout turns that into a failure.
      const res = spawnSync(args[0], args.slice(1), {
        cwd: root,
        env: childEnv as NodeJS.ProcessEnv,
        encoding: "utf8",
        timeout: 90_000,
      });
      return { status: res.status, output: `${res.stdout}${res.stderr}` };
    }

    it("npm start stops when ESC_MASTER_KEY does not match the database", () => {
      const wrong = randomBytes(32).toString("base64");
      const res = run("start", { ESC_MASTER_KEY: wrong });
      expect(res.status).toBe(1);
      expect(res.output).toContain("the master key does not match the one this database was encrypted with");
      expect(res.output).not.toContain(wrong);
      expect(res.output).not.toContain("serving on");
    }, 120_000);

    it("npm start stops when ESC_MASTER_KEY is malformed, without echoing it", () => {
      const res = run("start", { ESC_MASTER_KEY: "hunter2-is-not-a-key" });
      expect(res.status).toBe(1);
      expect(res.output).toContain("ESC_MASTER_KEY must be the base64 encoding of exactly 32 bytes");
      expect(res.output).not.toContain("hunter2");
    }, 120_000);

    it("npm start stops when the key file is missing but the database holds sealed data", () => {
      const res = run("start", {});
      expect(res.status).toBe(1);
      expect(res.output).toMatch(/no master key: .*master\.key is missing/);
    }, 120_000);

    it("keys:check: a wrong key file fails, the right key (env or file) passes", () => {
      writeFileSync(path.join(dataDir, "master.key"), randomBytes(32).toString("base64") + "\n", {
        mode: 0o600,
      });
      const wrongFile = run("keys:check", {});
      expect(wrongFile.status).toBe(1);
      expect(wrongFile.output).toContain("does not match");
      expect(run("keys:check", { ESC_MASTER_KEY: key })).toMatchObject({
        status: 0,
        output: expect.stringContaining("opens this database"),
      });
      writeFileSync(path.join(dataDir, "master.key"), key + "\n", { mode: 0o600 });
      expect(run("keys:check", {})).toMatchObject({ status: 0 });
    }, 120_000);
  });
}
