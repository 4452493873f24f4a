import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import type { ProviderRegistry, Value } from "@/lib/esc/contract";
import { plainToValue, testProviders } from "@/lib/esc/testing/providers";
import { loadOpenSession } from "@/lib/api/open-sessions";
import { addMember } from "@/lib/orgs/add-member";
import { createEnvironment } from "./create-environment";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors";
import { openAndKeepValues } from "./opened-values";
import { revealEnvironmentValue } from "./reveal-value";
import { userWithOrg, useTestMasterKey } from "./test-fixtures";
import type { Actor } from "./types";

useTestMasterKey();

/** The test providers plus `fresh`, whose secret output is new on every open (like aws-login's credentials). */
let freshOpens = 0;
const providers: ProviderRegistry = {
  provider: (name) =>
    name === "fresh"
      ? {
          schema: () => ({ inputs: true, outputs: true }),
          open: async () => {
            freshOpens++;
            const out = plainToValue({ id: `key-${freshOpens}` });
            (out.value as Record<string, Value>).secret = plainToValue(`fresh-s3cret-${freshOpens}`, true);
            return out;
          },
        }
      : testProviders.provider(name),
  rotator: (name) => testProviders.rotator(name),
};
const options = { providers };

const BASE = "values:\n  dbPassword:\n    fn::secret: imported-s3cret\n";
const DRAFT = `imports:
  - base
values:
  plain: hello
  token:
    fn::secret: draft-s3cret
  nested:
    list: [one, { fn::secret: in-a-list }]
  later:
    fn::open::test:
      key:
        fn::secret: opened-s3cret
  environmentVariables:
    DB_PASSWORD: \${dbPassword}
`;

for (const kind of DATABASE_KINDS) {
  describe(`revealing one value on ${kind}`, () => {
    let t: TestDatabase;
    let owner: Awaited<ReturnType<typeof userWithOrg>>;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
      owner = await userWithOrg(t.db, "rv");
      await createEnvironment(owner.actor, owner.org, "default", "base", BASE, t.db);
      await createEnvironment(owner.actor, owner.org, "app", "dev", "values:\n  a: 1\n", t.db);
    });
    afterAll(() => t?.drop());

    const reveal = (actor: Actor, path: (string | number)[], openId?: string, env = "dev") =>
      revealEnvironmentValue(actor, owner.org, "app", env, { yaml: DRAFT, path, openId }, options, t.db);
    const open = (actor: Actor, yaml = DRAFT, env = "dev") =>
      openAndKeepValues(actor, owner.org, "app", env, yaml, options, t.db);

    async function events() {
      return t.db.auditEvent.findMany({
        where: { orgId: owner.orgId, action: "environment.reveal" },
        orderBy: { createdAt: "asc" },
      });
    }

    it("gives the plaintext of the one value asked for, from the draft text and its imports", async () => {
      expect(await reveal(owner.actor, ["token"])).toBe("draft-s3cret");
      expect(await reveal(owner.actor, ["environmentVariables", "DB_PASSWORD"])).toBe("imported-s3cret");
      expect(await reveal(owner.actor, ["nested", "list", 1])).toBe("in-a-list");
      expect(await reveal(owner.actor, ["nested"])).toEqual({ list: ["one", "in-a-list"] });
      expect(await reveal(owner.actor, ["plain"])).toBe("hello");
    });

    it("reveals provider outputs only from opened values", async () => {
      await expect(reveal(owner.actor, ["later", "key"])).rejects.toThrow(
        /unknown until the environment is opened/,
      );
      const { openId } = await open(owner.actor);
      expect(await reveal(owner.actor, ["later", "key"], openId)).toBe("opened-s3cret");
    });

    it("records each reveal in the audit trail with the path and never the value", async () => {
      const recorded = await events();
      expect(recorded.length).toBeGreaterThanOrEqual(6);
      expect(recorded.map((e) => e.target)).toContain("app/dev environmentVariables.DB_PASSWORD");
      expect(recorded.map((e) => e.target)).toContain("app/dev nested.list[1]");
      for (const e of recorded) {
        expect(e.actorUserId).toBe(owner.userId);
        expect(JSON.stringify(e)).not.toMatch(/s3cret|in-a-list/);
      }
      expect(recorded.filter((e) => e.result === "success").length).toBeGreaterThanOrEqual(6);
    });

    it("answers a clear error for a missing path or a bad one", async () => {
      await expect(reveal(owner.actor, ["nope"])).rejects.toThrow(ValidationError);
      await expect(reveal(owner.actor, ["nope"])).rejects.toThrow(/no value at nope/);
      await expect(reveal(owner.actor, [])).rejects.toThrow(ValidationError);
      await expect(reveal(owner.actor, ["a", -1])).rejects.toThrow(ValidationError);
      await expect(reveal(owner.actor, ["token"], undefined, "missing")).rejects.toThrow(NotFoundError);
    });

    it("refuses a member of another organization as if the environment did not exist, and audits it as denied", async () => {
      const stranger = await userWithOrg(t.db, "st");
      await expect(reveal(stranger.actor, ["token"])).rejects.toThrow(NotFoundError);
      const denied = (await events()).filter((e) => e.result === "denied");
      expect(denied.length).toBeGreaterThanOrEqual(1);
    });

    it('refuses a member whose permission is only "read"', async () => {
      const reader = await createUser(
        {
          email: `reader-${kind}-${Date.now()}@example.test`,
          password: "correct horse battery",
          name: "Reader",
        },
        t.db,
      );
      await addMember(owner.actor, owner.org, reader.email, "member", t.db);
      await t.db.organization.update({
        where: { id: owner.orgId },
        data: { defaultEnvironmentPermission: "read" },
      });
      try {
        await expect(reveal({ userId: reader.id }, ["token"])).rejects.toThrow(ForbiddenError);
        await expect(reveal({ userId: reader.id }, ["token"])).rejects.toThrow(/needs "open" permission/);
      } finally {
        await t.db.organization.update({
          where: { id: owner.orgId },
          data: { defaultEnvironmentPermission: "write" },
        });
      }
    });

    it("reveals an opened value exactly as it was opened, without calling the provider again", async () => {
      const yaml = "values:\n  creds:\n    fn::open::fresh: {}\n  key: ${creds.secret}\n";
      const opened = await open(owner.actor, yaml);
      const shownId = (opened.environment?.properties?.creds.value as Record<string, { value?: unknown }>).id
        .value;
      const opensBefore = freshOpens;
      const revealed = await reveal(owner.actor, ["key"], opened.openId);
      expect(revealed).toBe(`fresh-s3cret-${String(shownId).slice("key-".length)}`);
      expect(await reveal(owner.actor, ["creds", "id"], opened.openId)).toBe(shownId);
      expect(await reveal(owner.actor, ["key"], opened.openId)).toBe(revealed); // again: the same
      expect(freshOpens).toBe(opensBefore);
      // A second Open mints anew, and its id reveals the new value; the first id still the old one.
      const second = await open(owner.actor, yaml);
      expect(await reveal(owner.actor, ["key"], second.openId)).not.toBe(revealed);
      expect(await reveal(owner.actor, ["key"], opened.openId)).toBe(revealed);
    });

    it("keeps opened values sealed, for the opener and this environment only", async () => {
      const { openId } = await open(owner.actor);
      const row = await t.db.openSession.findUniqueOrThrow({ where: { id: openId } });
      expect(Buffer.from(row.payload).toString("latin1")).not.toMatch(/opened-s3cret|draft-s3cret/);
      expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
      expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(10 * 60 * 1000);
      // The REST API's session reader finds no `properties` in it.
      const env = await t.db.environment.findFirstOrThrow({
        where: { orgId: owner.orgId, project: "app", name: "dev" },
      });
      expect(JSON.parse((await loadOpenSession(t.db, openId, env.id)) ?? "null")).not.toHaveProperty(
        "properties",
      );

      // Another environment of the same organization: nothing under that id.
      await createEnvironment(owner.actor, owner.org, "app", "other", "values:\n  a: 1\n", t.db);
      await expect(reveal(owner.actor, ["later", "key"], openId, "other")).rejects.toThrow(
        /open the environment again/,
      );
      // Another user with "open" on the environment: nothing under that id either.
      const colleague = await createUser(
        {
          email: `colleague-${kind}-${Date.now()}@example.test`,
          password: "correct horse battery",
          name: "Colleague",
        },
        t.db,
      );
      await addMember(owner.actor, owner.org, colleague.email, "member", t.db);
      await expect(reveal({ userId: colleague.id }, ["later", "key"], openId)).rejects.toThrow(
        /open the environment again/,
      );
      // Their own Open is theirs to reveal from, until their permission drops below "open".
      const own = await open({ userId: colleague.id });
      expect(await reveal({ userId: colleague.id }, ["later", "key"], own.openId)).toBe("opened-s3cret");
      await t.db.organization.update({
        where: { id: owner.orgId },
        data: { defaultEnvironmentPermission: "read" },
      });
      try {
        await expect(reveal({ userId: colleague.id }, ["later", "key"], own.openId)).rejects.toThrow(
          ForbiddenError,
        );
      } finally {
        await t.db.organization.update({
          where: { id: owner.orgId },
          data: { defaultEnvironmentPermission: "write" },
        });
      }
      // Expired: gone.
      await t.db.openSession.update({
        where: { id: openId },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      await expect(reveal(owner.actor, ["later", "key"], openId)).rejects.toThrow(
        /open the environment again/,
      );
      await expect(reveal(owner.actor, ["later", "key"], "not-an-id")).rejects.toThrow(ValidationError);
    });

    it('needs "open" to open and keep values', async () => {
      const stranger = await userWithOrg(t.db, "so");
      await expect(open(stranger.actor)).rejects.toThrow(NotFoundError);
    });
  });
}
