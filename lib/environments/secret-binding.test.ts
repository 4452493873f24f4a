// `fn::secret` ciphertext is bound to the environment it is stored in (lib/crypto/org-crypter.ts):
// the paste attack (a writer on A copies ciphertext they can read from B into A, then opens A)
// fails on every path that decrypts as A, with a diagnostic that holds neither the secret nor the
// ciphertext; the paths that legitimately move definitions (clone, rollback, key rotation,
// imports) still open.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { rotateOrgKey } from "@/lib/crypto/rotate-org-key";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { setDefaultPermission } from "@/lib/orgs/default-permission";
import { grantEnvironmentPermission } from "@/lib/orgs/environment-grants";
import { cloneEnvironment } from "./clone-environment";
import { createEnvironment } from "./create-environment";
import { decryptEnvironment } from "./decrypt-environment";
import { ForbiddenError, ValidationError } from "./errors";
import { checkEnvironmentYaml, openStoredEnvironment } from "./evaluate";
import { getEnvironment } from "./get-environment";
import { readableDefinition } from "./readable-definition";
import { revealEnvironmentValue, type RevealRequest } from "./reveal-value";
import { rollbackEnvironment } from "./rollback-environment";
import { userWithOrg, useTestMasterKey } from "./test-fixtures";
import { updateEnvironment } from "./update-environment";

useTestMasterKey();

const SECRET_A = "a-own-secret-4711";
const SECRET_B = "b-secret-not-for-a-writers-9c1e";
const WRONG_ENV = /cannot be decrypted in this environment/;

const ciphertextOf = (yaml: string) => /ciphertext: (\S+)/.exec(yaml)![1];

/** The error a promise rejects with. */
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

for (const kind of DATABASE_KINDS) {
  describe(`secrets bound to their environment on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    /** An org whose default is read; a member with write on p/a only; B holds SECRET_B. */
    async function setup() {
      const owner = await userWithOrg(t.db);
      await createEnvironment(owner.actor, owner.org, "p", "a", `values:\n  mine:\n    fn::secret: ${SECRET_A}\n`, t.db);
      await createEnvironment(owner.actor, owner.org, "p", "b", `values:\n  stolen:\n    fn::secret: ${SECRET_B}\n`, t.db);
      const u = await createUser(
        { email: `m-${Math.random().toString(36).slice(2)}@example.test`, password: "correct horse battery", name: "M" },
        t.db,
      );
      await t.db.membership.create({ data: { userId: u.id, orgId: owner.orgId, role: "member" } });
      await setDefaultPermission(owner.actor, owner.org, "read", t.db);
      await grantEnvironmentPermission(owner.actor, owner.org, "p", "a", { userId: u.id }, "write", t.db);
      return { owner, member: { userId: u.id } };
    }

    it("refuses ciphertext pasted from another environment on open, decrypt, the editor's view, drafts and reveal", async () => {
      const { owner, member } = await setup();
      // The member may read B (ciphertext) but not decrypt it.
      const b = await getEnvironment(member, owner.org, "p", "b", undefined, t.db);
      const stolen = ciphertextOf(b.yaml);
      await expect(decryptEnvironment(member, owner.org, "p", "b", undefined, t.db)).rejects.toBeInstanceOf(ForbiddenError);
      // The paste is stored (ciphertext is not checked on save) ...
      const pasted = `values:\n  stolen:\n    fn::secret:\n      ciphertext: ${stolen}\n`;
      await updateEnvironment(member, owner.org, "p", "a", pasted, {}, t.db);

      // ... and opens to a diagnostic, not to B's secret.
      const opened = await openStoredEnvironment(member, owner.org, "p", "a", undefined, {}, t.db);
      const diagnostic = opened.diagnostics.find((d) => d.severity === "error")!;
      expect(diagnostic.summary).toMatch(WRONG_ENV);
      expect(diagnostic.summary).not.toContain(stolen);
      expect(JSON.stringify(opened.environment ?? {})).not.toContain(SECRET_B);
      expect(JSON.stringify(opened.diagnostics)).not.toContain(SECRET_B);

      for (const attempt of [
        decryptEnvironment(member, owner.org, "p", "a", undefined, t.db),
        readableDefinition(member, owner.org, "p", "a", undefined, t.db),
      ]) {
        const error = await rejection(attempt);
        expect(error).toBeInstanceOf(ValidationError);
        expect(error.message).toMatch(WRONG_ENV);
        expect(error.message).not.toContain(SECRET_B);
        expect(error.message).not.toContain(stolen);
      }

      // The editor's draft of A holding B's ciphertext: checked with secrets shown, and revealed.
      const draft = await checkEnvironmentYaml(member, owner.org, pasted, { name: "p/a", showSecrets: true }, t.db);
      expect(draft.diagnostics.map((d) => d.summary).join("\n")).toMatch(WRONG_ENV);
      expect(JSON.stringify(draft)).not.toContain(SECRET_B);
      const reveal = await rejection(
        revealEnvironmentValue(member, owner.org, "p", "a", { yaml: pasted, path: ["stolen"] } as RevealRequest, {}, t.db),
      );
      expect(reveal.message).not.toContain(SECRET_B);

      // The binding holds for the organization's admin too.
      const asOwner = await openStoredEnvironment(owner.actor, owner.org, "p", "a", undefined, {}, t.db);
      expect(JSON.stringify(asOwner.environment ?? {})).not.toContain(SECRET_B);
      // Text that is no environment (`yaml/check`, where the CLI posts a stored definition) shows
      // any environment's secrets only to a caller who may open every environment: not the member.
      await expect(
        checkEnvironmentYaml(member, owner.org, pasted, { showSecrets: true }, t.db),
      ).rejects.toBeInstanceOf(ForbiddenError);
      const anonymous = await checkEnvironmentYaml(owner.actor, owner.org, pasted, { showSecrets: true }, t.db);
      expect(anonymous.environment?.properties?.stolen?.value).toBe(SECRET_B);

      // A's own secret still opens in A (the revision before the paste).
      expect((await decryptEnvironment(owner.actor, owner.org, "p", "a", 1, t.db)).yaml).toContain(SECRET_A);
    });

    it("clone, rollback, imports and data-key rotation keep every environment's own secrets opening", async () => {
      const { owner } = await setup();
      const o = owner.actor;
      await updateEnvironment(o, owner.org, "p", "b", "values:\n  stolen: replaced\n", {}, t.db);

      // Clone with history: every revision re-encrypted for the clone.
      await cloneEnvironment(o, owner.org, "p", "b", { name: "b-copy", preserveHistory: true }, t.db);
      const source1 = await getEnvironment(o, owner.org, "p", "b", 1, t.db);
      const clone1 = await getEnvironment(o, owner.org, "p", "b-copy", 1, t.db);
      expect(ciphertextOf(clone1.yaml)).not.toBe(ciphertextOf(source1.yaml));
      expect((await decryptEnvironment(o, owner.org, "p", "b-copy", 1, t.db)).yaml).toContain(SECRET_B);
      // Without history: the head only.
      await rollbackEnvironment(o, owner.org, "p", "b", 1, {}, t.db);
      await cloneEnvironment(o, owner.org, "p", "b", { name: "b-head" }, t.db);
      const head = await openStoredEnvironment(o, owner.org, "p", "b-head", undefined, {}, t.db);
      expect(head.environment?.properties?.stolen?.value).toBe(SECRET_B);
      // Rollback (same environment) restored the ciphertext, which opens.
      const rolledBack = await openStoredEnvironment(o, owner.org, "p", "b", undefined, {}, t.db);
      expect(rolledBack.environment?.properties?.stolen?.value).toBe(SECRET_B);

      // An import decrypts the imported environment's ciphertext as that environment's.
      await createEnvironment(o, owner.org, "p", "c", "imports:\n  - p/b\nvalues:\n  own: {fn::secret: c-own}\n", t.db);
      const c = await openStoredEnvironment(o, owner.org, "p", "c", undefined, {}, t.db);
      expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(c.environment?.properties?.stolen?.value).toBe(SECRET_B);
      expect(c.environment?.properties?.own?.value).toBe("c-own");

      // Rotation re-encrypts per environment: everything above still opens, history included.
      const rotated = await rotateOrgKey(t.db, owner.org);
      expect(rotated.unreadable).toBe(0);
      expect((await decryptEnvironment(o, owner.org, "p", "a", undefined, t.db)).yaml).toContain(SECRET_A);
      for (const [env, revision] of [["b", 1], ["b", 3], ["b-copy", 1], ["b-head", 1]] as const)
        expect((await decryptEnvironment(o, owner.org, "p", env, revision, t.db)).yaml).toContain(SECRET_B);
      const cAfter = await openStoredEnvironment(o, owner.org, "p", "c", undefined, {}, t.db);
      expect(cAfter.environment?.properties?.stolen?.value).toBe(SECRET_B);
    });
  });
}
