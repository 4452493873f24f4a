// Runs `npm run oidc:rotate-key`'s script as a process against a temp SQLite database.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createDb } from "@/lib/db/client";

const run = promisify(execFile);

describe("scripts/oidc-rotate-key.ts", () => {
  it("adds a new active key each run and keeps the previous one published", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "esc-rotate-"));
    const url = `file:${path.join(dir, "esc.db")}`;
    const env = {
      ...process.env,
      DATABASE_URL: url,
      ESC_MASTER_KEY: randomBytes(32).toString("base64"),
      ESC_OIDC_KEY_OVERLAP: "2h",
    };
    const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
    try {
      const first = await run(tsx, ["scripts/oidc-rotate-key.ts"], { env });
      expect(first.stdout).toBe("new active OIDC signing key: esc-1\n");
      const second = await run(tsx, ["scripts/oidc-rotate-key.ts"], { env });
      expect(second.stdout).toBe(
        "new active OIDC signing key: esc-2\nstill published for 2h (ESC_OIDC_KEY_OVERLAP): esc-1\n",
      );
      const db = createDb(url);
      const rows = await db.signingKey.findMany({ orderBy: { kid: "asc" } });
      await db.$disconnect();
      expect(rows.map((r) => [r.kid, r.retiredAt === null])).toEqual([
        ["esc-1", false],
        ["esc-2", true],
      ]);

      const failed = await run(tsx, ["scripts/oidc-rotate-key.ts"], {
        env: { ...env, ESC_OIDC_KEY_OVERLAP: "later" },
      }).catch((e) => e);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('oidc:rotate-key failed: invalid duration "later"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
