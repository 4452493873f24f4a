import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { createEnvironment } from "./create-environment";
import { updateEnvironment } from "./update-environment";
import { getEnvironment } from "./get-environment";
import { decryptEnvironment } from "./decrypt-environment";
import { listRevisions } from "./list-revisions";
import { retractRevision } from "./retract-revision";
import { ConflictError, ValidationError } from "./errors";
import { userWithOrg, useTestMasterKey } from "./test-fixtures";

useTestMasterKey();

for (const kind of DATABASE_KINDS) {
  describe(`retracting revisions on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    it("serves the replacement instead, and moves latest off retracted content", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "p", "e", "values: {v: 1}\n", t.db);
      await updateEnvironment(a.actor, a.org, "p", "e", "values: {v: 2}\n", {}, t.db);
      await updateEnvironment(
        a.actor,
        a.org,
        "p",
        "e",
        "values:\n  leaked:\n    fn::secret: oops-leaked\n",
        {},
        t.db,
      );

      const result = await retractRevision(a.actor, a.org, "p", "e", 3, { reason: "leaked a key" }, t.db);
      expect(result).toEqual({ retracted: 3, replacement: 2, newRevision: 4 });
      expect((await decryptEnvironment(a.actor, a.org, "p", "e", 3, t.db)).yaml).toBe("values: {v: 2}\n");
      const latest = await getEnvironment(a.actor, a.org, "p", "e", undefined, t.db);
      expect(latest).toMatchObject({ revision: 4, yaml: "values: {v: 2}\n" });
      const history = await listRevisions(a.actor, a.org, "p", "e", {}, t.db);
      expect(history[1]).toMatchObject({
        number: 3,
        retracted: { replacement: 2, byLogin: a.login, reason: "leaked a key" },
      });
      expect(history[0].retracted).toBeUndefined();

      // Retracting an older revision needs no new revision.
      expect(await retractRevision(a.actor, a.org, "p", "e", 2, { replacement: 1 }, t.db)).toEqual({
        retracted: 2,
        replacement: 1,
      });
      // Revision 3 pointed at 2, which is now retracted too: reads follow on to 1.
      expect((await getEnvironment(a.actor, a.org, "p", "e", 3, t.db)).yaml).toBe("values: {v: 1}\n");
    });

    it("refuses retractions that make no sense", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "p", "e", "values: {v: 1}\n", t.db);
      await expect(retractRevision(a.actor, a.org, "p", "e", 1, {}, t.db)).rejects.toBeInstanceOf(
        ValidationError,
      );
      await updateEnvironment(a.actor, a.org, "p", "e", "values: {v: 2}\n", {}, t.db);
      await expect(
        retractRevision(a.actor, a.org, "p", "e", 2, { replacement: 2 }, t.db),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(
        retractRevision(a.actor, a.org, "p", "e", 2, { replacement: 9 }, t.db),
      ).rejects.toBeInstanceOf(ValidationError);
      await retractRevision(a.actor, a.org, "p", "e", 1, { replacement: 2 }, t.db);
      await expect(retractRevision(a.actor, a.org, "p", "e", 1, {}, t.db)).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(
        retractRevision(a.actor, a.org, "p", "e", 2, { replacement: 1 }, t.db),
      ).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
