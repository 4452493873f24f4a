// The audit trail on both databases: what the service layer records (who, token, where from,
// result), what an organization's admins can read of it (filters, paging, scoping), the CSV
// encoding, and that nothing in the product can change or delete an event.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken, revokeAccessToken } from "@/lib/auth/access-tokens";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import * as dbAudit from "@/lib/db/audit";
import { createEnvironment } from "@/lib/environments/create-environment";
import { decryptEnvironment } from "@/lib/environments/decrypt-environment";
import { deleteEnvironment } from "@/lib/environments/delete-environment";
import { checkEnvironmentYaml, openStoredEnvironment } from "@/lib/environments/evaluate";
import { updateEnvironment } from "@/lib/environments/update-environment";
import { userWithOrg, useTestMasterKey } from "@/lib/environments/test-fixtures";
import { addMember } from "@/lib/orgs/add-member";
import { openSessionRow } from "@/lib/api/open-sessions";
import { ForbiddenError, NotFoundError } from "@/lib/environments/errors";
import * as csv from "./csv";
import { auditCsvHeader, auditCsvRow, csvField } from "./csv";
import * as filtersModule from "./filters";
import { encodeCursor, filtersToSearchParams, parseAuditQuery } from "./filters";
import * as query from "./query";
import { allAuditEntries, queryAuditLog, requireAuditReader } from "./query";

useTestMasterKey();

const from = (ip: string, userAgent = "vitest/1.0") => ({ request: { ip, userAgent } });

for (const kind of DATABASE_KINDS) {
  describe(`audit trail on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    it("records changes, opens and decrypts with actor, token, address and user agent, and never a secret value", async () => {
      const a = await userWithOrg(t.db);
      const viaToken = { userId: a.userId, tokenId: "tok_abc", ...from("203.0.113.7", "esc-cli/0.1") };
      const inBrowser = { userId: a.userId, ...from("198.51.100.2", "Mozilla/5.0") };
      await createEnvironment(inBrowser, a.org, "p", "e", "values: {}\n", t.db);
      await updateEnvironment(
        viaToken,
        a.org,
        "p",
        "e",
        "values:\n  s:\n    fn::secret: hunter2-secret\n",
        {},
        t.db,
      );
      const decrypted = await decryptEnvironment(inBrowser, a.org, "p", "e", undefined, t.db);
      expect(decrypted.yaml).toContain("hunter2-secret");
      const opened = await openStoredEnvironment(viaToken, a.org, "p", "e", undefined, {}, t.db);
      expect(opened.diagnostics.filter((d) => d.severity === "error")).toEqual([]);

      // A check that shows secrets is recorded; a plain check is not.
      await checkEnvironmentYaml(inBrowser, a.org, "values: {}\n", { name: "p/e" }, t.db);
      await checkEnvironmentYaml(inBrowser, a.org, "values: {}\n", { name: "p/e", showSecrets: true }, t.db);

      const { entries } = await queryAuditLog(t.db, a.orgId, { environment: "p/e" });
      expect(entries.map((e) => [e.action, e.target, e.result, e.actorTokenId, e.ip, e.userAgent])).toEqual([
        ["environment.check_show_secrets", "p/e", "success", null, "198.51.100.2", "Mozilla/5.0"],
        ["environment.open", "p/e@2", "success", "tok_abc", "203.0.113.7", "esc-cli/0.1"],
        ["environment.decrypt", "p/e@2", "success", null, "198.51.100.2", "Mozilla/5.0"],
        ["environment.update", "p/e@2", "success", "tok_abc", "203.0.113.7", "esc-cli/0.1"],
        ["environment.create", "p/e", "success", null, "198.51.100.2", "Mozilla/5.0"],
      ]);
      expect(entries.every((e) => e.actor?.login === a.login)).toBe(true);
      const raw = await t.db.auditEvent.findMany({});
      expect(JSON.stringify(raw)).not.toContain("hunter2-secret");
    });

    it("writes an open's session with its event, and records an open whose session cannot be kept as an error", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "p", "kept", "values:\n  k: v\n", t.db);
      const opened = await openStoredEnvironment(
        a.actor,
        a.org,
        "p",
        "kept",
        undefined,
        {
          keep: (result) =>
            openSessionRow(t.db, {
              orgId: result.definition.orgId,
              environmentId: result.definition.id,
              json: JSON.stringify(result.environment),
              lifetimeMs: 60_000,
            }),
        },
        t.db,
      );
      expect(opened.keptId).toBeTruthy();
      expect(await t.db.openSession.count({ where: { id: opened.keptId } })).toBe(1);

      await expect(
        openStoredEnvironment(
          a.actor,
          a.org,
          "p",
          "kept",
          undefined,
          {
            keep: async () => {
              throw new Error("sealing failed");
            },
          },
          t.db,
        ),
      ).rejects.toThrow("sealing failed");
      const { entries } = await queryAuditLog(t.db, a.orgId, { environment: "p/kept" });
      expect(entries.map((e) => [e.action, e.target, e.result])).toEqual([
        ["environment.open", "p/kept", "error"],
        ["environment.open", "p/kept@1", "success"],
        ["environment.create", "p/kept", "success"],
      ]);
    });

    it("records denied attempts in the organization they aimed at, and errors", async () => {
      const a = await userWithOrg(t.db);
      const outsider = await userWithOrg(t.db, "x");
      await createEnvironment(a.actor, a.org, "p", "target", "values: {}\n", t.db);
      // A member of another organization tries to open and delete a's environment.
      const intruder = { userId: outsider.userId, ...from("192.0.2.66") };
      await expect(
        openStoredEnvironment(intruder, a.org, "p", "target", undefined, {}, t.db),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(deleteEnvironment(intruder, a.org, "p", "target", t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      // A stale etag is an error, not a denial.
      await expect(
        updateEnvironment(a.actor, a.org, "p", "target", "values: {}\n", { expectedEtag: "stale" }, t.db),
      ).rejects.toThrow();
      // A member who is not an admin tries to make the outsider an admin.
      const member = await userWithOrg(t.db, "m");
      const email = async (userId: string) =>
        (await t.db.user.findUniqueOrThrow({ where: { id: userId } })).email;
      await addMember(a.actor, a.org, await email(member.userId), "member", t.db);
      await expect(
        addMember(
          { ...member.actor, ...from("192.0.2.9") },
          a.org,
          await email(outsider.userId),
          "admin",
          t.db,
        ),
      ).rejects.toBeInstanceOf(ForbiddenError);
      const { entries } = await queryAuditLog(t.db, a.orgId, { result: "denied" });
      expect(entries.map((e) => [e.action, e.target, e.actor?.login, e.ip])).toEqual([
        ["member.add", `${await email(outsider.userId)} as admin`, member.login, "192.0.2.9"],
        ["environment.delete", "p/target", outsider.login, "192.0.2.66"],
        ["environment.open", "p/target", outsider.login, "192.0.2.66"],
      ]);
      const errors = await queryAuditLog(t.db, a.orgId, { result: "error" });
      expect(errors.entries.map((e) => [e.action, e.target])).toEqual([["environment.update", "p/target"]]);
      // The outsider's own organization sees none of it.
      const theirs = await queryAuditLog(t.db, outsider.orgId, { environment: "p/target" });
      expect(theirs.entries).toEqual([]);
    });

    it("shows an organization its own events and its members' account events, never another organization's", async () => {
      const a = await userWithOrg(t.db);
      const b = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "p", "mine", "values: {}\n", t.db);
      await createEnvironment(b.actor, b.org, "p", "theirs", "values: {}\n", t.db);
      const tokenA = await createAccessToken(
        { ...a.actor, ...from("203.0.113.1") },
        { description: "ci of a" },
        t.db,
      );
      await createAccessToken(b.actor, { description: "ci of b" }, t.db);
      expect(await revokeAccessToken(b.actor, tokenA.id, t.db)).toBe(false); // not theirs: denied
      expect(await revokeAccessToken(a.actor, tokenA.id, t.db)).toBe(true);

      const logA = (await queryAuditLog(t.db, a.orgId, {}, { count: 500 })).entries;
      const logB = (await queryAuditLog(t.db, b.orgId, {}, { count: 500 })).entries;
      expect(logA.map((e) => [e.action, e.result])).toEqual([
        ["token.revoke", "success"],
        ["token.create", "success"],
        ["environment.create", "success"],
        ["organization.create", "success"],
      ]);
      expect(logA.find((e) => e.action === "token.create")?.target).toBe(`${tokenA.id} "ci of a"`);
      // b's denied attempt on a's token is b's account event: it shows in b's log, not a's.
      expect(logB.map((e) => [e.action, e.result])).toEqual([
        ["token.revoke", "denied"],
        ["token.create", "success"],
        ["environment.create", "success"],
        ["organization.create", "success"],
      ]);
      expect(JSON.stringify(logA)).not.toContain(b.login);
      expect(JSON.stringify(logB)).not.toContain("p/mine");
      // Once b joins a's organization, b's account events show in a's log too.
      await addMember(
        a.actor,
        a.org,
        (await t.db.user.findUniqueOrThrow({ where: { id: b.userId } })).email,
        "member",
        t.db,
      );
      const after = (await queryAuditLog(t.db, a.orgId, { user: b.login }, { count: 500 })).entries;
      expect(after.map((e) => e.action)).toEqual(["token.revoke", "token.create"]);
      expect(JSON.stringify(after)).not.toContain("p/theirs"); // b's environment events stay in b's org
    });

    it("filters by user, environment, action family, result and time, and pages without gaps or repeats", async () => {
      const a = await userWithOrg(t.db);
      const b = await userWithOrg(t.db);
      const bEmail = (await t.db.user.findUniqueOrThrow({ where: { id: b.userId } })).email;
      await addMember(a.actor, a.org, bEmail, "member", t.db);
      await createEnvironment(a.actor, a.org, "app", "dev", "values: {}\n", t.db);
      await createEnvironment(a.actor, a.org, "app", "dev2", "values: {}\n", t.db);
      for (let i = 0; i < 7; i++)
        await updateEnvironment(b.actor, a.org, "app", "dev", `values: { n: ${i} }\n`, {}, t.db);

      const dev = await queryAuditLog(t.db, a.orgId, { environment: "app/dev" }, { count: 100 });
      expect(dev.entries).toHaveLength(8); // create + 7 updates, not app/dev2
      expect(dev.entries.every((e) => e.target === "app/dev" || e.target?.startsWith("app/dev@"))).toBe(true);
      const byB = await queryAuditLog(t.db, a.orgId, { user: b.login }, { count: 100 });
      expect(byB.entries.map((e) => e.action)).toEqual(Array(7).fill("environment.update"));
      const family = await queryAuditLog(t.db, a.orgId, { action: "environment" }, { count: 100 });
      expect(new Set(family.entries.map((e) => e.action))).toEqual(
        new Set(["environment.create", "environment.update"]),
      );
      expect((await queryAuditLog(t.db, a.orgId, { action: "environment.create" })).entries).toHaveLength(2);
      expect((await queryAuditLog(t.db, a.orgId, { user: "no-such-login" })).entries).toEqual([]);
      const future = new Date(Date.now() + 60_000);
      expect((await queryAuditLog(t.db, a.orgId, { from: future })).entries).toEqual([]);
      expect(
        (await queryAuditLog(t.db, a.orgId, { to: future }, { count: 100 })).entries.length,
      ).toBeGreaterThanOrEqual(11);

      // Pages of 3 walk the whole log once, newest first.
      const all = (await queryAuditLog(t.db, a.orgId, {}, { count: 500 })).entries.map((e) => e.id);
      const walked: string[] = [];
      let before: filtersModule.AuditCursor | undefined;
      do {
        const page = await queryAuditLog(t.db, a.orgId, {}, { before, count: 3 });
        walked.push(...page.entries.map((e) => e.id));
        before = page.next;
      } while (before);
      expect(walked).toEqual(all);
      const streamed: string[] = [];
      for await (const e of allAuditEntries(t.db, a.orgId, {})) streamed.push(e.id);
      expect(streamed).toEqual(all);
      // A cursor survives the URL round trip.
      const first = await queryAuditLog(t.db, a.orgId, {}, { count: 2 });
      const parsed = parseAuditQuery({ before: encodeCursor(first.next!) });
      const second = await queryAuditLog(t.db, a.orgId, {}, { before: parsed.before, count: 2 });
      expect(second.entries.map((e) => e.id)).toEqual(all.slice(2, 4));
    });

    it("lets only the organization's admins read the log", async () => {
      const a = await userWithOrg(t.db);
      const b = await userWithOrg(t.db);
      const outsider = await userWithOrg(t.db);
      await addMember(
        a.actor,
        a.org,
        (await t.db.user.findUniqueOrThrow({ where: { id: b.userId } })).email,
        "member",
        t.db,
      );
      expect(await requireAuditReader(t.db, a.userId, a.org)).toBe(a.orgId);
      await expect(requireAuditReader(t.db, b.userId, a.org)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(requireAuditReader(t.db, outsider.userId, a.org)).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}

describe("audit filters from a URL", () => {
  it("keeps valid filters and explains dropped ones", () => {
    const parsed = parseAuditQuery({
      user: "alice",
      environment: "app/dev",
      action: "environment.update",
      result: "denied",
      from: "2026-01-02",
      to: "2026-01-02",
    });
    expect(parsed.problems).toEqual([]);
    expect(parsed.filters).toEqual({
      user: "alice",
      environment: "app/dev",
      action: "environment.update",
      result: "denied",
      from: new Date("2026-01-02T00:00:00Z"),
      to: new Date("2026-01-03T00:00:00Z"), // "to" a day includes that day
    });
    const again = parseAuditQuery(Object.fromEntries(filtersToSearchParams(parsed.filters)));
    expect(again.filters).toEqual(parsed.filters);

    const bad = parseAuditQuery({
      environment: "no-slash",
      action: "DROP TABLE",
      result: "maybe",
      from: "2026-02-31",
      before: "x",
    });
    expect(bad.filters).toEqual({});
    expect(bad.problems).toHaveLength(5);
  });
});

describe("audit CSV", () => {
  it("quotes per RFC 4180 and neutralises spreadsheet formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    for (const start of ["+", "-", "@", "\t", "\r"])
      expect(csvField(`${start}1`).replace(/^"/, "")).toMatch(/^'/);
    expect(csvField(null)).toBe("");
    const row = auditCsvRow({
      id: "1",
      createdAt: new Date("2026-11-25T10:00:00Z"),
      action: "environment.update",
      result: "success",
      target: "p/e@2",
      ip: "203.0.113.7",
      userAgent: "=cmd|' /C calc'!A0",
      actor: { id: "u", login: "alice", name: "Alice", email: "alice@example.test" },
      actorUserId: "u",
      actorTokenId: "tok",
      tokenDescription: "ci, nightly",
    });
    expect(auditCsvHeader()).toBe(
      "time,action,result,target,user,user_email,token_id,token_description,ip,user_agent\r\n",
    );
    expect(row).toBe(
      `2026-11-25T10:00:00.000Z,environment.update,success,p/e@2,alice,alice@example.test,tok,"ci, nightly",203.0.113.7,'=cmd|' /C calc'!A0\r\n`,
    );
  });
});

describe("the audit trail is append-only through the product", () => {
  it("has no service function that updates or deletes events", () => {
    for (const mod of [dbAudit, query, csv, filtersModule]) {
      expect(Object.keys(mod).filter((name) => /delete|remove|update|edit|purge|clear/i.test(name))).toEqual(
        [],
      );
    }
  });

  it("no route, page or action writes to auditEvent other than create", () => {
    const root = path.resolve(__dirname, "../..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".test.ts")) {
          const text = readFileSync(full, "utf8");
          if (/auditEvent\.(update|updateMany|delete|deleteMany|upsert)\b/.test(text))
            offenders.push(path.relative(root, full));
          if (/DELETE\s+FROM\s+"?AuditEvent/i.test(text)) offenders.push(path.relative(root, full));
        }
      }
    };
    for (const dir of ["app", "lib", "components", "scripts"]) walk(path.join(root, dir));
    expect(offenders).toEqual([]);
    // The audit routes answer GET only.
    const exportRoute = readFileSync(path.join(root, "app/[org]/audit/export/route.ts"), "utf8");
    expect(exportRoute.match(/export (async )?function (\w+)/g)).toEqual(["export async function GET"]);
  });
});
