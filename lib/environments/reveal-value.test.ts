import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { testProviders } from "@/lib/esc/testing/providers";
import { addMember } from "@/lib/orgs/add-member";
import { createEnvironment } from "./create-environment";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors";
import { revealEnvironmentValue } from "./reveal-value";
import { userWithOrg, useTestMasterKey } from "./test-fixtures";
import type { Actor } from "./types";

useTestMasterKey();
const options = { providers: testProviders };

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

    const reveal = (actor: Actor, path: (string | number)[], opened = false, env = "dev") =>
      revealEnvironmentValue(actor, owner.org, "app", env, { yaml: DRAFT, path, opened }, options, t.db);

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
      expect(await reveal(owner.actor, ["later", "key"], true)).toBe("opened-s3cret");
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
      await expect(reveal(owner.actor, ["token"], false, "missing")).rejects.toThrow(NotFoundError);
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
  });
}
