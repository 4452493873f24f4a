// `npm run admin` as an operator runs it: a real child process on a fresh SQLite database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { authenticateToken } from "@/lib/auth/access-tokens";
import { createDb } from "@/lib/db/client";
import { runAdminCli } from "@/test/support/admin";
import { parseExpiresIn } from "./expires-in";
import { parseFlags } from "./args";
import { runAdmin } from "./run";
import { applyMigrations } from "@/lib/db/migrate";

const dir = mkdtempSync(path.join(tmpdir(), "esc-admin-"));
const url = `file:${path.join(dir, "esc.db")}`;
const run = (args: string[], input?: string) => runAdminCli(url, dir, args, input);

/** The same entry point in-process (fast), on the same database. */
async function runInProcess(args: string[], input = "") {
  process.env.DATABASE_URL = url;
  let stdout = "";
  let stderr = "";
  const status = await runAdmin(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => input,
    prepare: () => applyMigrations(url).then(() => undefined),
  });
  return { status, stdout, stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run admin", () => {
  it("creates a user, an org, a member and a token that authenticates", async () => {
    // The real command for what only a real process shows: stdin for the password, and a stdout
    // holding nothing but the token. The rest in-process, which is much faster.
    expect(run(["user", "create", "--email", "Owner@Example.com", "--name", "Owner", "--password-stdin"], "a long password\n")).toMatchObject({ status: 0 });
    expect((await runInProcess(["user", "create", "--email", "dev@example.com", "--name", "Dev", "--password", "another password"])).status).toBe(0);
    expect((await runInProcess(["org", "create", "--name", "acme", "--owner", "owner@example.com"])).status).toBe(0);
    expect((await runInProcess(["org", "add-member", "--org", "acme", "--email", "dev@example.com", "--role", "member"])).status).toBe(0);
    const res = run(["token", "create", "--email", "dev@example.com", "--description", "ci", "--expires-in", "30d"]);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^esc_[A-Za-z0-9_-]{43}\n$/);
    {
      const db = createDb(url);
      try {
        const actor = await authenticateToken(`token ${res.stdout.trim()}`, db);
        const dev = await db.user.findUniqueOrThrow({ where: { email: "dev@example.com" } });
        expect(actor?.userId).toBe(dev.id);
        const row = await db.accessToken.findUniqueOrThrow({ where: { id: actor!.tokenId } });
        expect(row.description).toBe("ci");
        expect(row.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
        expect(await db.membership.count({ where: { org: { name: "acme" } } })).toBe(2);
      } finally {
        await db.$disconnect();
      }
    }
  }, 60_000);

  it("fails clearly with a non-zero exit", async () => {
    const cases: [string[], number, RegExp][] = [
      [["user", "create", "--email", "x@example.com", "--name", "X"], 2, /exactly one of --password/],
      [["user", "create", "--email", "dev@example.com", "--name", "X", "--password", "long enough pw"], 1, /error: .*(exists|taken|already)/i],
      [["org", "create", "--name", "acme", "--owner", "nobody@example.com"], 1, /no user with email/],
      [["org", "create", "--name", "-bad-", "--owner", "owner@example.com"], 1, /organization name/],
      [["org", "add-member", "--org", "acme", "--email", "dev@example.com", "--role", "boss"], 2, /admin or member/],
      [["org", "add-member", "--org", "nope", "--email", "dev@example.com", "--role", "admin"], 1, /no organization named nope/],
      [["token", "create", "--email", "dev@example.com", "--expires-in", "soon"], 2, /invalid lifetime/],
      [["token", "create"], 2, /--email is required/],
      [["token", "delete"], 2, /unknown command/],
      [["frobnicate"], 2, /unknown command/],
      [["user", "create", "--email"], 2, /--email needs a value/],
    ];
    for (const [args, status, message] of cases) {
      const res = await runInProcess(args);
      expect({ args, status: res.status }).toEqual({ args, status });
      expect(res.stderr).toMatch(message);
      expect(res.stdout).toBe("");
    }
  }, 120_000);

  it("prints help everywhere", async () => {
    for (const args of [["--help"], ["user", "--help"], ["user", "create", "--help"], ["org", "add-member", "-h"], ["token", "create", "--help"]]) {
      const res = await runInProcess(args);
      expect(res.status).toBe(0);
      expect(res.stdout).toMatch(/Usage: npm run admin/);
    }
  }, 60_000);
});

describe("flag and lifetime parsing", () => {
  it("parses lifetimes", () => {
    expect(parseExpiresIn("30d")).toBe(30 * 86_400_000);
    expect(parseExpiresIn("1h30m")).toBe(90 * 60_000);
    expect(() => parseExpiresIn("0d")).toThrow(/greater than zero/);
    expect(() => parseExpiresIn("11y")).toThrow(/at most 10 years/);
    expect(() => parseExpiresIn("")).toThrow(/invalid lifetime/);
  });

  it("parses --flag value and --flag=value", () => {
    const f = parseFlags(["--email=a@b.c", "--name", "N", "--password-stdin"], { values: ["email", "name"], booleans: ["password-stdin"] });
    expect(f.values).toEqual({ email: "a@b.c", name: "N" });
    expect(f.booleans.has("password-stdin")).toBe(true);
  });
});
