import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { createEnvironment } from "./create-environment";
import { updateEnvironment } from "./update-environment";
import { getEnvironment } from "./get-environment";
import { listRevisions } from "./list-revisions";
import { listRevisionTags } from "./list-revision-tags";
import { getRevisionTag } from "./get-revision-tag";
import { createRevisionTag } from "./create-revision-tag";
import { updateRevisionTag } from "./update-revision-tag";
import { deleteRevisionTag } from "./delete-revision-tag";
import { listEnvironmentTags } from "./list-environment-tags";
import { getEnvironmentTag } from "./get-environment-tag";
import { createEnvironmentTag } from "./create-environment-tag";
import { updateEnvironmentTag } from "./update-environment-tag";
import { deleteEnvironmentTag } from "./delete-environment-tag";
import { cloneEnvironment } from "./clone-environment";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { userWithOrg, useTestMasterKey } from "./test-fixtures";

useTestMasterKey();

for (const kind of DATABASE_KINDS) {
  describe(`tags on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    it("keeps `latest` on the newest revision and moves named tags on request", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "p", "e", "values: {v: 1}\n", t.db);
      expect(
        (await listRevisionTags(a.actor, a.org, "p", "e", {}, t.db)).map((x) => [x.name, x.revision]),
      ).toEqual([["latest", 1]]);
      await createRevisionTag(a.actor, a.org, "p", "e", "stable", 1, t.db);
      await updateEnvironment(a.actor, a.org, "p", "e", "values: {v: 2}\n", {}, t.db);
      await createRevisionTag(a.actor, a.org, "p", "e", "canary", undefined, t.db);
      const tags = await listRevisionTags(a.actor, a.org, "p", "e", {}, t.db);
      expect(tags.map((x) => [x.name, x.revision])).toEqual([
        ["canary", 2],
        ["latest", 2],
        ["stable", 1],
      ]);
      expect(tags[0].editorLogin).toBe(a.login);
      // Paging by name: `after` is exclusive, `count` bounds the page.
      expect(
        (await listRevisionTags(a.actor, a.org, "p", "e", { after: "canary", count: 1 }, t.db)).map(
          (x) => x.name,
        ),
      ).toEqual(["latest"]);
      expect(await listRevisionTags(a.actor, a.org, "p", "e", { after: "stable" }, t.db)).toEqual([]);
      expect((await getEnvironment(a.actor, a.org, "p", "e", "stable", t.db)).yaml).toBe("values: {v: 1}\n");
      expect((await listRevisions(a.actor, a.org, "p", "e", {}, t.db)).map((r) => r.tags)).toEqual([
        ["canary", "latest"],
        ["stable"],
      ]);

      expect((await updateRevisionTag(a.actor, a.org, "p", "e", "stable", 2, t.db)).revision).toBe(2);
      expect((await getRevisionTag(a.actor, a.org, "p", "e", "stable", t.db)).revision).toBe(2);
      expect((await getRevisionTag(a.actor, a.org, "p", "e", "latest", t.db)).revision).toBe(2);
      await deleteRevisionTag(a.actor, a.org, "p", "e", "canary", t.db);
      await expect(getRevisionTag(a.actor, a.org, "p", "e", "canary", t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    it("answers revision-tag mistakes with the statuses the CLI expects", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "p", "e", "values: {}\n", t.db);
      await createRevisionTag(a.actor, a.org, "p", "e", "v1", 1, t.db);
      await expect(createRevisionTag(a.actor, a.org, "p", "e", "v1", 1, t.db)).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(createRevisionTag(a.actor, a.org, "p", "e", "latest", 1, t.db)).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(createRevisionTag(a.actor, a.org, "p", "e", "42", 1, t.db)).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(createRevisionTag(a.actor, a.org, "p", "e", "x", 7, t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      // The CLI creates the tag after PATCH answers 404.
      await expect(updateRevisionTag(a.actor, a.org, "p", "e", "missing", 1, t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(updateRevisionTag(a.actor, a.org, "p", "e", "latest", 1, t.db)).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(deleteRevisionTag(a.actor, a.org, "p", "e", "latest", t.db)).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(deleteRevisionTag(a.actor, a.org, "p", "e", "missing", t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    it("manages environment tags: create, list, rename, guarded update, delete", async () => {
      const a = await userWithOrg(t.db);
      const b = await userWithOrg(t.db, "b");
      await createEnvironment(a.actor, a.org, "p", "e", "values: {}\n", t.db);
      const owner = await createEnvironmentTag(
        a.actor,
        a.org,
        "p",
        "e",
        { name: "owner", value: "team-a" },
        t.db,
      );
      expect(owner).toMatchObject({ name: "owner", value: "team-a", editorLogin: a.login });
      await createEnvironmentTag(a.actor, a.org, "p", "e", { name: "cost-center", value: "42" }, t.db);
      await expect(
        createEnvironmentTag(a.actor, a.org, "p", "e", { name: "owner", value: "x" }, t.db),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(
        createEnvironmentTag(a.actor, a.org, "p", "e", { name: "", value: "x" }, t.db),
      ).rejects.toBeInstanceOf(ValidationError);
      expect((await listEnvironmentTags(a.actor, a.org, "p", "e", {}, t.db)).map((x) => x.name)).toEqual([
        "cost-center",
        "owner",
      ]);
      expect(
        (await listEnvironmentTags(a.actor, a.org, "p", "e", { after: "cost-center" }, t.db)).map(
          (x) => x.name,
        ),
      ).toEqual(["owner"]);

      const renamed = await updateEnvironmentTag(
        a.actor,
        a.org,
        "p",
        "e",
        "owner",
        { currentValue: "team-a", newName: "team", newValue: "team-b" },
        t.db,
      );
      expect(renamed).toMatchObject({ id: owner.id, name: "team", value: "team-b" });
      await expect(getEnvironmentTag(a.actor, a.org, "p", "e", "owner", t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        updateEnvironmentTag(
          a.actor,
          a.org,
          "p",
          "e",
          "team",
          { currentValue: "stale", newValue: "x" },
          t.db,
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(
        updateEnvironmentTag(
          a.actor,
          a.org,
          "p",
          "e",
          "team",
          { newName: "cost-center", newValue: "x" },
          t.db,
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(getEnvironmentTag(b.actor, a.org, "p", "e", "team", t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );

      // Cloning with tags copies them; revision tags need the history they point into.
      await createRevisionTag(a.actor, a.org, "p", "e", "pinned", 1, t.db);
      await cloneEnvironment(
        a.actor,
        a.org,
        "p",
        "e",
        { name: "copy", preserveHistory: true, preserveEnvironmentTags: true, preserveRevisionTags: true },
        t.db,
      );
      expect((await listEnvironmentTags(a.actor, a.org, "p", "copy", {}, t.db)).map((x) => x.name)).toEqual([
        "cost-center",
        "team",
      ]);
      expect((await getRevisionTag(a.actor, a.org, "p", "copy", "pinned", t.db)).revision).toBe(1);

      await deleteEnvironmentTag(a.actor, a.org, "p", "e", "team", t.db);
      await deleteEnvironmentTag(a.actor, a.org, "p", "e", "cost-center", t.db);
      expect(await listEnvironmentTags(a.actor, a.org, "p", "e", {}, t.db)).toEqual([]);
      await expect(deleteEnvironmentTag(a.actor, a.org, "p", "e", "team", t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });
}
