import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { setDefaultPermission } from "@/lib/orgs/default-permission";
import { createEnvironment } from "./create-environment";
import { createRevisionTag } from "./create-revision-tag";
import { decryptEnvironment } from "./decrypt-environment";
import { ConflictError, ForbiddenError, NotFoundError } from "./errors";
import { getEnvironment } from "./get-environment";
import { listRevisions } from "./list-revisions";
import { readableDefinition } from "./readable-definition";
import { rollbackEnvironment } from "./rollback-environment";
import { userWithOrg, useTestMasterKey } from "./test-fixtures";
import { updateEnvironment } from "./update-environment";

useTestMasterKey();

for (const kind of DATABASE_KINDS) {
  describe(`rolling back on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    it("stores the old definition as a new revision, secrets kept as the same ciphertext", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(
        a.actor,
        a.org,
        "p",
        "e",
        "values:\n  v: 1\n  s:\n    fn::secret: first-secret\n",
        t.db,
      );
      await updateEnvironment(a.actor, a.org, "p", "e", "values:\n  v: 2\n", {}, t.db);
      const before = await getEnvironment(a.actor, a.org, "p", "e", 1, t.db);

      const result = await rollbackEnvironment(a.actor, a.org, "p", "e", 1, {}, t.db);
      expect(result).toMatchObject({ restored: 1, revision: 3 });

      const latest = await getEnvironment(a.actor, a.org, "p", "e", undefined, t.db);
      expect(latest.revision).toBe(3);
      expect(latest.etag).toBe(result.etag);
      expect(latest.yaml).toBe(before.yaml);
      expect((await decryptEnvironment(a.actor, a.org, "p", "e", 3, t.db)).yaml).toContain(
        "fn::secret: first-secret",
      );
      // History is kept: revision 2 is still there.
      expect((await listRevisions(a.actor, a.org, "p", "e", {}, t.db)).map((r) => r.number)).toEqual([
        3, 2, 1,
      ]);
      const events = await t.db.auditEvent.findMany({
        where: { orgId: a.orgId, action: "environment.rollback" },
      });
      expect(events.map((e) => e.target)).toEqual(["p/e@3 from @1"]);
    });

    it("accepts a revision tag, and refuses a stale etag without storing anything", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "p", "e", "values: {v: 1}\n", t.db);
      await createRevisionTag(a.actor, a.org, "p", "e", "stable", 1, t.db);
      const stale = (await getEnvironment(a.actor, a.org, "p", "e", undefined, t.db)).etag;
      await updateEnvironment(a.actor, a.org, "p", "e", "values: {v: 2}\n", {}, t.db);

      await expect(
        rollbackEnvironment(a.actor, a.org, "p", "e", "stable", { expectedEtag: stale }, t.db),
      ).rejects.toBeInstanceOf(ConflictError);
      expect((await getEnvironment(a.actor, a.org, "p", "e", undefined, t.db)).revision).toBe(2);

      const result = await rollbackEnvironment(a.actor, a.org, "p", "e", "stable", {}, t.db);
      expect(result).toMatchObject({ restored: 1, revision: 3 });
      expect((await getEnvironment(a.actor, a.org, "p", "e", 3, t.db)).yaml).toBe("values: {v: 1}\n");
    });

    it("needs write: a reader sees ciphertext and cannot roll back; a writer sees plaintext and can", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(
        a.actor,
        a.org,
        "p",
        "e",
        "values:\n  s:\n    fn::secret: hush-plaintext\n",
        t.db,
      );
      await updateEnvironment(a.actor, a.org, "p", "e", "values: {v: 2}\n", {}, t.db);
      const reader = await createUser(
        { email: `r-${a.login}@example.test`, password: "correct horse battery", name: "Reader" },
        t.db,
      );
      await t.db.membership.create({ data: { userId: reader.id, orgId: a.orgId, role: "member" } });
      const asReader = { userId: reader.id };

      await setDefaultPermission(a.actor, a.org, "read", t.db);
      const seen = await readableDefinition(asReader, a.org, "p", "e", 1, t.db);
      expect(seen.plaintext).toBe(false);
      expect(seen.yaml).not.toContain("hush-plaintext");
      expect(seen.yaml).toContain("ciphertext");
      await expect(rollbackEnvironment(asReader, a.org, "p", "e", 1, {}, t.db)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      expect((await getEnvironment(a.actor, a.org, "p", "e", undefined, t.db)).revision).toBe(2);

      await setDefaultPermission(a.actor, a.org, "write", t.db);
      const opened = await readableDefinition(asReader, a.org, "p", "e", 1, t.db);
      expect(opened.plaintext).toBe(true);
      expect(opened.yaml).toContain("fn::secret: hush-plaintext");
      expect(await rollbackEnvironment(asReader, a.org, "p", "e", 1, {}, t.db)).toMatchObject({
        restored: 1,
        revision: 3,
      });
    });

    it("is a 404 for a missing revision and for another organization's environment", async () => {
      const a = await userWithOrg(t.db);
      const b = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "p", "e", "values: {v: 1}\n", t.db);
      await expect(rollbackEnvironment(a.actor, a.org, "p", "e", 7, {}, t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(rollbackEnvironment(b.actor, a.org, "p", "e", 1, {}, t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect((await getEnvironment(a.actor, a.org, "p", "e", undefined, t.db)).revision).toBe(1);
    });
  });
}
