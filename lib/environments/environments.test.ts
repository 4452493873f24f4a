import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { addMember } from "@/lib/orgs/add-member";
import { createEnvironment, NEW_ENVIRONMENT_YAML } from "./create-environment";
import { getEnvironment } from "./get-environment";
import { decryptEnvironment } from "./decrypt-environment";
import { updateEnvironment } from "./update-environment";
import { deleteEnvironment } from "./delete-environment";
import { listEnvironments } from "./list-environments";
import { listRevisions } from "./list-revisions";
import { cloneEnvironment } from "./clone-environment";
import { updateEnvironmentSettings } from "./environment-settings";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { userWithOrg, useTestMasterKey } from "./test-fixtures";
import { listAuditEvents } from "@/lib/db/audit";

useTestMasterKey();

for (const kind of DATABASE_KINDS) {
  describe(`environment service on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    it("creates revision 1 with the placeholder, then lists it with its author", async () => {
      const a = await userWithOrg(t.db);
      const created = await createEnvironment(a.actor, a.org, "default", "dev", undefined, t.db);
      expect(created.revision).toBe(1);
      const got = await getEnvironment(a.actor, a.org, "default", "dev", undefined, t.db);
      expect(got).toMatchObject({
        yaml: NEW_ENVIRONMENT_YAML,
        revision: 1,
        latestRevision: 1,
        etag: created.etag,
        project: "default",
        name: "dev",
      });
      const list = await listEnvironments(a.actor, a.org, t.db);
      expect(list).toEqual([
        expect.objectContaining({
          organization: a.org,
          project: "default",
          name: "dev",
          modifiedBy: a.login,
        }),
      ]);
      expect(await listEnvironments(a.actor, undefined, t.db)).toHaveLength(1);
      await expect(createEnvironment(a.actor, a.org, "default", "dev", "", t.db)).rejects.toBeInstanceOf(
        ConflictError,
      );
    });

    it("rejects bad names with ValidationError", async () => {
      const a = await userWithOrg(t.db);
      for (const [project, name] of [
        ["p", "open-x"],
        ["p", "yamlish"],
        ["p", ".hidden"],
        [".p", "x"],
        ["p", "a/b"],
        ["p", "x".repeat(101)],
        ["", "x"],
      ]) {
        await expect(createEnvironment(a.actor, a.org, project, name, "", t.db)).rejects.toBeInstanceOf(
          ValidationError,
        );
      }
    });

    it("stores secrets as ciphertext and decrypts them on request", async () => {
      const a = await userWithOrg(t.db);
      const yaml = "values:\n  password:\n    fn::secret: hunter2-very-secret\n  plain: ok\n";
      await createEnvironment(a.actor, a.org, "app", "prod", yaml, t.db);
      const stored = await getEnvironment(a.actor, a.org, "app", "prod", undefined, t.db);
      expect(stored.yaml).not.toContain("hunter2-very-secret");
      expect(stored.yaml).toContain("ciphertext:");
      const raw = await t.db.revision.findMany({ select: { yaml: true } });
      expect(raw.some((r) => r.yaml.includes("hunter2-very-secret"))).toBe(false);
      const shown = await decryptEnvironment(a.actor, a.org, "app", "prod", undefined, t.db);
      expect(shown.yaml).toContain("fn::secret: hunter2-very-secret");
      // Keeping existing ciphertext while adding a new secret: both decrypt.
      await updateEnvironment(
        a.actor,
        a.org,
        "app",
        "prod",
        stored.yaml + "  other:\n    fn::secret: second-secret\n",
        {},
        t.db,
      );
      const both = await decryptEnvironment(a.actor, a.org, "app", "prod", undefined, t.db);
      expect(both.yaml).toContain("hunter2-very-secret");
      expect(both.yaml).toContain("second-secret");
    });

    it("rejects invalid YAML and oversized definitions without storing a revision", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "p", "e", "values: {}\n", t.db);
      await expect(
        updateEnvironment(a.actor, a.org, "p", "e", "values: [unclosed\n", {}, t.db),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(
        updateEnvironment(a.actor, a.org, "p", "e", "x".repeat(1024 * 1024 + 1), {}, t.db),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(
        updateEnvironment(a.actor, a.org, "p", "e", 42 as unknown as string, {}, t.db),
      ).rejects.toBeInstanceOf(ValidationError);
      expect((await getEnvironment(a.actor, a.org, "p", "e", undefined, t.db)).revision).toBe(1);
    });

    it("hides another organization's environments behind NotFound", async () => {
      const a = await userWithOrg(t.db, "a");
      const b = await userWithOrg(t.db, "b");
      await createEnvironment(a.actor, a.org, "p", "secret-env", "values: {}\n", t.db);
      const attempts: Array<() => Promise<unknown>> = [
        () => getEnvironment(b.actor, a.org, "p", "secret-env", undefined, t.db),
        () => decryptEnvironment(b.actor, a.org, "p", "secret-env", undefined, t.db),
        () => updateEnvironment(b.actor, a.org, "p", "secret-env", "values: {}\n", {}, t.db),
        () => deleteEnvironment(b.actor, a.org, "p", "secret-env", t.db),
        () => listRevisions(b.actor, a.org, "p", "secret-env", {}, t.db),
        () => listEnvironments(b.actor, a.org, t.db),
        () => createEnvironment(b.actor, a.org, "p", "new", "", t.db),
      ];
      for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(NotFoundError);
      // Indistinguishable from a missing environment / organization.
      const message = (p: Promise<unknown>) =>
        p.then(
          () => "resolved",
          (e: Error) => e.message,
        );
      const foreign = await message(getEnvironment(b.actor, a.org, "p", "secret-env", undefined, t.db));
      const noOrg = await message(getEnvironment(b.actor, "no-such-org", "p", "x", undefined, t.db));
      expect(foreign).toBe(noOrg.replace("no-such-org", a.org));
      expect(await listEnvironments(b.actor, undefined, t.db)).toEqual([]);
      // Once b is a member, b sees it.
      await addMember(
        a.userId,
        a.org,
        (await t.db.user.findUniqueOrThrow({ where: { id: b.userId } })).email,
        "member",
        t.db,
      );
      expect((await getEnvironment(b.actor, a.org, "p", "secret-env", undefined, t.db)).revision).toBe(1);
    });

    it("numbers revisions without gaps, pages them newest first and resolves versions", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "p", "e", "values: {a: 1}\n", t.db);
      for (let i = 2; i <= 5; i++) {
        const r = await updateEnvironment(a.actor, a.org, "p", "e", `values: {a: ${i}}\n`, {}, t.db);
        expect(r.revision).toBe(i);
      }
      const all = await listRevisions(a.actor, a.org, "p", "e", {}, t.db);
      expect(all.map((r) => r.number)).toEqual([5, 4, 3, 2, 1]);
      expect(all[0].tags).toEqual(["latest"]);
      expect(all[0].creatorLogin).toBe(a.login);
      expect(
        (await listRevisions(a.actor, a.org, "p", "e", { before: 3, count: 10 }, t.db)).map((r) => r.number),
      ).toEqual([2, 1]);
      expect(
        (await listRevisions(a.actor, a.org, "p", "e", { before: 6, count: 1 }, t.db)).map((r) => r.number),
      ).toEqual([5]);
      expect(await listRevisions(a.actor, a.org, "p", "e", { before: 1 }, t.db)).toEqual([]);
      expect((await getEnvironment(a.actor, a.org, "p", "e", 2, t.db)).yaml).toBe("values: {a: 2}\n");
      expect((await getEnvironment(a.actor, a.org, "p", "e", "3", t.db)).yaml).toBe("values: {a: 3}\n");
      expect((await getEnvironment(a.actor, a.org, "p", "e", "latest", t.db)).revision).toBe(5);
      await expect(getEnvironment(a.actor, a.org, "p", "e", 9, t.db)).rejects.toBeInstanceOf(NotFoundError);
      await expect(getEnvironment(a.actor, a.org, "p", "e", "nope", t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(listRevisions(a.actor, a.org, "p", "e", { before: -1 }, t.db)).rejects.toBeInstanceOf(
        ValidationError,
      );
    });

    it("rejects a stale etag", async () => {
      const a = await userWithOrg(t.db);
      const { etag } = await createEnvironment(a.actor, a.org, "p", "e", "values: {}\n", t.db);
      const second = await updateEnvironment(
        a.actor,
        a.org,
        "p",
        "e",
        "values: {x: 1}\n",
        { expectedEtag: etag },
        t.db,
      );
      await expect(
        updateEnvironment(a.actor, a.org, "p", "e", "values: {x: 2}\n", { expectedEtag: etag }, t.db),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(
        updateEnvironment(a.actor, a.org, "p", "e", "values: {x: 2}\n", { expectedEtag: second.etag }, t.db),
      ).resolves.toMatchObject({ revision: 3 });
    });

    it("lets exactly one of 20 concurrent updates with the same etag win, and never gaps", async () => {
      const a = await userWithOrg(t.db);
      const { etag } = await createEnvironment(a.actor, a.org, "p", "race", "values: {}\n", t.db);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          updateEnvironment(a.actor, a.org, "p", "race", `values: {n: ${i}}\n`, { expectedEtag: etag }, t.db),
        ),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const l of lost) expect(l.reason).toBeInstanceOf(ConflictError);
      // Without etags, concurrent writers either succeed or get a ConflictError; numbers stay dense.
      const free = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          updateEnvironment(a.actor, a.org, "p", "race", `values: {m: ${i}}\n`, {}, t.db),
        ),
      );
      for (const r of free) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
      const numbers = (await listRevisions(a.actor, a.org, "p", "race", {}, t.db))
        .map((r) => r.number)
        .reverse();
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
      expect(numbers.length).toBe(2 + free.filter((r) => r.status === "fulfilled").length);
    });

    it("deletes unless protected", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "p", "e", "values: {}\n", t.db);
      await updateEnvironmentSettings(a.actor, a.org, "p", "e", { deletionProtected: true }, t.db);
      await expect(deleteEnvironment(a.actor, a.org, "p", "e", t.db)).rejects.toThrow(/protect/);
      await updateEnvironmentSettings(a.actor, a.org, "p", "e", { deletionProtected: false }, t.db);
      await deleteEnvironment(a.actor, a.org, "p", "e", t.db);
      await expect(getEnvironment(a.actor, a.org, "p", "e", undefined, t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await t.db.revision.count({ where: { environment: { orgId: a.orgId } } })).toBe(0);
      // The name is free again, and the old etag does not carry over.
      await createEnvironment(a.actor, a.org, "p", "e", "values: {}\n", t.db);
    });

    it("records changes in the audit trail, with the token that made them", async () => {
      const a = await userWithOrg(t.db);
      const viaToken = { userId: a.userId, tokenId: "tok_123" };
      await createEnvironment(a.actor, a.org, "p", "audited", "values: {}\n", t.db);
      await updateEnvironment(
        viaToken,
        a.org,
        "p",
        "audited",
        "values:\n  s:\n    fn::secret: not-in-audit\n",
        {},
        t.db,
      );
      await deleteEnvironment(a.actor, a.org, "p", "audited", t.db);
      const events = (await listAuditEvents(t.db, a.orgId)).filter((e) => e.action.startsWith("environment."));
      expect(events.map((e) => [e.action, e.target, e.actorTokenId])).toEqual([
        ["environment.delete", "p/audited", null],
        ["environment.update", "p/audited@2", "tok_123"],
        ["environment.create", "p/audited", null],
      ]);
      expect(JSON.stringify(events)).not.toContain("not-in-audit");
    });

    it("clones with or without history", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(
        a.actor,
        a.org,
        "p",
        "src",
        "values:\n  s:\n    fn::secret: cloned-secret\n",
        t.db,
      );
      await updateEnvironment(
        a.actor,
        a.org,
        "p",
        "src",
        "values:\n  s:\n    fn::secret: cloned-secret-2\n",
        {},
        t.db,
      );
      const flat = await cloneEnvironment(a.actor, a.org, "p", "src", { name: "flat" }, t.db);
      expect(flat.revision).toBe(1);
      expect((await decryptEnvironment(a.actor, a.org, "p", "flat", undefined, t.db)).yaml).toContain(
        "cloned-secret-2",
      );
      const full = await cloneEnvironment(
        a.actor,
        a.org,
        "p",
        "src",
        { project: "q", name: "full", preserveHistory: true },
        t.db,
      );
      expect(full.revision).toBe(2);
      expect((await decryptEnvironment(a.actor, a.org, "q", "full", 1, t.db)).yaml).toContain(
        "fn::secret: cloned-secret\n",
      );
      await expect(
        cloneEnvironment(a.actor, a.org, "p", "src", { name: "flat" }, t.db),
      ).rejects.toBeInstanceOf(ConflictError);
    });
  });
}
