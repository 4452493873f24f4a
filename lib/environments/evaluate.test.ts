import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { testProviders } from "@/lib/esc/testing/providers";
import { valuesToJSON } from "@/lib/esc";
import { createEnvironment } from "./create-environment";
import { getEnvironment } from "./get-environment";
import { updateEnvironment } from "./update-environment";
import { deleteEnvironment } from "./delete-environment";
import {
  checkEnvironmentYaml,
  checkStoredEnvironment,
  openEnvironmentYaml,
  openStoredEnvironment,
} from "./evaluate";
import { NotFoundError } from "./errors";
import { userWithOrg, useTestMasterKey } from "./test-fixtures";

useTestMasterKey();
const options = { providers: testProviders };

for (const kind of DATABASE_KINDS) {
  describe(`evaluating stored environments on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    it("resolves imports within the organization, decrypts secrets and fills the context", async () => {
      const a = await userWithOrg(t.db, "a");
      const b = await userWithOrg(t.db, "b");
      await createEnvironment(
        a.actor,
        a.org,
        "default",
        "base",
        "values:\n  greeting: hello\n  pw:\n    fn::secret: base-secret\n",
        t.db,
      );
      await createEnvironment(a.actor, a.org, "shared", "net", "values:\n  region: eu-west-1\n", t.db);
      // Another organization's environment with the same name must never be what an import finds.
      await createEnvironment(b.actor, b.org, "default", "base", "values:\n  greeting: WRONG-ORG\n", t.db);
      await createEnvironment(
        a.actor,
        a.org,
        "app",
        "dev",
        "imports:\n  - base\n  - shared/net\nvalues:\n  message: ${greeting} from ${region}\n  who: ${context.pulumi.user.login}\n  org: ${context.pulumi.organization.login}\n",
        t.db,
      );
      const opened = await openStoredEnvironment(a.actor, a.org, "app", "dev", undefined, options, t.db);
      expect(opened.diagnostics).toEqual([]);
      expect(valuesToJSON(opened.environment, false)).toMatchObject({
        greeting: "hello",
        pw: "base-secret",
        message: "hello from eu-west-1",
        who: a.login,
        org: a.org,
      });
      expect(opened.environment?.properties?.pw.secret).toBe(true);
      expect(opened.definition.revision).toBe(1);

      const checked = await checkStoredEnvironment(a.actor, a.org, "app", "dev", undefined, options, t.db);
      expect(valuesToJSON(checked.environment, true).pw).toBe("[secret]");
    });

    it("opens what an environment imports now, whatever it imported the last time (import prefetch)", async () => {
      const a = await userWithOrg(t.db);
      await createEnvironment(a.actor, a.org, "lib", "one", "values:\n  from: one\n", t.db);
      await createEnvironment(a.actor, a.org, "lib", "two", "values:\n  from: two\n", t.db);
      await createEnvironment(a.actor, a.org, "app", "svc", "imports:\n  - lib/one\nvalues:\n  x: 1\n", t.db);
      const open = async () => {
        const opened = await openStoredEnvironment(a.actor, a.org, "app", "svc", undefined, options, t.db);
        return {
          values: valuesToJSON(opened.environment, false),
          errors: opened.diagnostics.map((d) => d.summary),
        };
      };
      expect(await open()).toEqual({ values: { from: "one", x: 1 }, errors: [] });
      // Twice: the second open starts reading lib/one before it has read app/svc.
      expect(await open()).toEqual({ values: { from: "one", x: 1 }, errors: [] });
      await updateEnvironment(a.actor, a.org, "lib", "one", "values:\n  from: one, changed\n", {}, t.db);
      expect(await open()).toEqual({ values: { from: "one, changed", x: 1 }, errors: [] });
      // The guess (lib/one) is stale: what it imports now is read.
      await updateEnvironment(
        a.actor,
        a.org,
        "app",
        "svc",
        "imports:\n  - lib/two\nvalues:\n  x: 1\n",
        {},
        t.db,
      );
      expect(await open()).toEqual({ values: { from: "two", x: 1 }, errors: [] });
      // A guessed read that fails is reported as the evaluation's own read would be.
      await deleteEnvironment(a.actor, a.org, "lib", "two", t.db);
      const gone = await open();
      expect(gone.errors.join("\n")).toMatch(/environment "lib\/two" not found/);
    });

    it("reports unknown imports and references as diagnostics, not exceptions", async () => {
      const a = await userWithOrg(t.db);
      const missing = await checkEnvironmentYaml(
        a.actor,
        a.org,
        "imports:\n  - nope/missing\nvalues:\n  x: 1\n",
        options,
        t.db,
      );
      expect(missing.diagnostics.map((d) => d.summary).join("\n")).toMatch(/not found/);
      const bad = await checkEnvironmentYaml(a.actor, a.org, "values:\n  a: ${bad_ref}\n", options, t.db);
      expect(bad.diagnostics).toHaveLength(1);
      expect(bad.diagnostics[0].summary).toBe('unknown property "bad_ref"');
      const ok = await openEnvironmentYaml(a.actor, a.org, "values:\n  x: 1\n", options, t.db);
      expect(ok.diagnostics).toEqual([]);
      expect(valuesToJSON(ok.environment, false)).toEqual({ x: 1 });
    });

    it("evaluates the requested revision and hides other organizations", async () => {
      const a = await userWithOrg(t.db, "a");
      const b = await userWithOrg(t.db, "b");
      await createEnvironment(a.actor, a.org, "p", "e", "values:\n  n: 1\n", t.db);
      await updateEnvironment(a.actor, a.org, "p", "e", "values:\n  n: 2\n", {}, t.db);
      expect(
        valuesToJSON(
          (await openStoredEnvironment(a.actor, a.org, "p", "e", 1, options, t.db)).environment,
          false,
        ),
      ).toEqual({ n: 1 });
      expect(
        valuesToJSON(
          (await openStoredEnvironment(a.actor, a.org, "p", "e", "latest", options, t.db)).environment,
          false,
        ),
      ).toEqual({ n: 2 });
      await expect(
        openStoredEnvironment(b.actor, a.org, "p", "e", undefined, options, t.db),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        checkEnvironmentYaml(b.actor, a.org, "values: {}\n", options, t.db),
      ).rejects.toBeInstanceOf(NotFoundError);
      // Ciphertext from org A cannot be decrypted through org B.
      const stored = "values:\n  s:\n    fn::secret: a-only\n";
      await createEnvironment(a.actor, a.org, "p", "secret", stored, t.db);
      const ciphertextYaml = (await getEnvironment(a.actor, a.org, "p", "secret", undefined, t.db)).yaml;
      const foreign = await openEnvironmentYaml(b.actor, b.org, ciphertextYaml, options, t.db);
      expect(foreign.diagnostics.length).toBeGreaterThan(0);
      expect(JSON.stringify(foreign)).not.toContain("a-only");
    });
  });
}
