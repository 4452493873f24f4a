// Upgrading a database written before secrets were bound to environments: its legacy
// organization-bound ciphertext keeps opening until it is rebound; rebinding (npm start, or
// `npm run keys:bind-secrets`) survives an interruption at any point and loses nothing; after
// it, legacy ciphertext opens nowhere, so the paste attack it allowed is closed.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { decodeCiphertext } from "@/lib/esc/ciphertext";
import type { SecretCrypter } from "@/lib/esc/contract";
import { encryptSecrets } from "@/lib/esc/crypt";
import { createEnvironment } from "@/lib/environments/create-environment";
import { decryptEnvironment } from "@/lib/environments/decrypt-environment";
import { ValidationError } from "@/lib/environments/errors";
import { openStoredEnvironment } from "@/lib/environments/evaluate";
import { userWithOrg, useTestMasterKey } from "@/lib/environments/test-fixtures";
import type { Actor } from "@/lib/environments/types";
import { updateEnvironment } from "@/lib/environments/update-environment";
import { seal } from "./aead";
import { bindLegacySecrets, bindLegacySecretsAtStartup } from "./bind-legacy-secrets";
import { getMasterKey, openWithMasterKey } from "./master-key";
import { dataKeyContext, ENVIRONMENT_BOUND, LEGACY_ORG_BOUND } from "./org-crypter";

useTestMasterKey();

const root = path.resolve(__dirname, "..", "..");

/** Plaintext of each revision: [environment, revision number, definition]. */
const HISTORY = (tag: string): [string, number, string][] => [
  ["dev", 1, `values:\n  db: {fn::secret: dev-one-${tag}}\n`],
  ["dev", 2, `values:\n  db: {fn::secret: dev-two-${tag}}\n  api:\n    fn::secret: dev-api-${tag}\n`],
  ["prod", 1, `values:\n  db:\n    fn::secret: prod-one-${tag}\n`],
];

interface LegacyOrg {
  actor: Actor;
  org: string;
  orgId: string;
  tag: string;
}

/** Every `ciphertext: …` scalar's format byte in a definition. */
const formats = (yaml: string) =>
  [...yaml.matchAll(/ciphertext: (\S+)/g)].map((m) => decodeCiphertext(m[1].replace(/["'}]/g, ""))[0]);

for (const kind of DATABASE_KINDS) {
  describe(`rebinding legacy secrets on ${kind}`, () => {
    let t: TestDatabase;
    const orgs: LegacyOrg[] = [];
    let snapshot: { id: string; yaml: string }[] = [];
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    /** An organization as the previous version left it: history under legacy ciphertext, not yet bound. */
    async function legacyOrg(): Promise<LegacyOrg> {
      const owner = await userWithOrg(t.db);
      const tag = owner.org;
      for (const [env, n] of HISTORY(tag)) {
        if (n === 1) await createEnvironment(owner.actor, owner.org, "p", env, "values: {}\n", t.db);
        else await updateEnvironment(owner.actor, owner.org, "p", env, "values: {}\n", {}, t.db);
      }
      const { wrappedDataKey } = await t.db.organization.findUniqueOrThrow({ where: { id: owner.orgId } });
      const dataKey = openWithMasterKey(wrappedDataKey!, dataKeyContext(owner.orgId), getMasterKey());
      // What the service wrote before the binding: no associated data, format byte 1.
      const legacy: SecretCrypter = {
        encrypt: async (plaintext) => seal(dataKey, plaintext),
        decrypt: async () => {
          throw new Error("unused");
        },
      };
      for (const [env, n, yaml] of HISTORY(tag)) {
        const environment = await t.db.environment.findFirstOrThrow({ where: { orgId: owner.orgId, name: env } });
        await t.db.revision.update({
          where: { environmentId_number: { environmentId: environment.id, number: n } },
          data: { yaml: await encryptSecrets(yaml, legacy) },
        });
      }
      await t.db.organization.update({ where: { id: owner.orgId }, data: { environmentBoundSecrets: false } });
      return { actor: owner.actor, org: owner.org, orgId: owner.orgId, tag };
    }

    async function expectHistoryOpens(o: LegacyOrg) {
      for (const [env, n, yaml] of HISTORY(o.tag)) {
        const plain = await decryptEnvironment(o.actor, o.org, "p", env, n, t.db);
        for (const secret of yaml.match(/[a-z]+-[a-z]+-org-\S+/g)!) expect(plain.yaml).toContain(secret.replace(/}$/, ""));
      }
    }

    const revisions = () =>
      t.db.revision.findMany({
        where: { environment: { orgId: { in: orgs.map((o) => o.orgId) } } },
        select: { id: true, yaml: true },
        orderBy: { id: "asc" },
      });

    it("legacy ciphertext opens before rebinding, in every revision", async () => {
      orgs.push(await legacyOrg(), await legacyOrg());
      orgs.sort((a, b) => (a.orgId < b.orgId ? -1 : 1)); // the order rebinding takes them in
      for (const o of orgs) await expectHistoryOpens(o);
      expect((await revisions()).flatMap((r) => formats(r.yaml))).toEqual(Array(8).fill(LEGACY_ORG_BOUND));
      snapshot = await revisions();
    });

    it("an interruption inside an organization changes nothing; one between organizations keeps the finished one", async () => {
      const masterKey = getMasterKey();
      await expect(
        bindLegacySecrets(t.db, masterKey, {
          afterEnvironment: () => {
            throw new Error("simulated crash inside an organization");
          },
        }),
      ).rejects.toThrow("simulated crash");
      expect(await revisions()).toEqual(snapshot);
      const flags = () =>
        t.db.organization
          .findMany({ where: { id: { in: orgs.map((o) => o.orgId) } }, orderBy: { id: "asc" } })
          .then((rows) => rows.map((r) => r.environmentBoundSecrets));
      expect(await flags()).toEqual([false, false]);

      await expect(
        bindLegacySecrets(t.db, masterKey, {
          afterOrganization: () => {
            throw new Error("simulated crash between organizations");
          },
        }),
      ).rejects.toThrow("simulated crash");
      expect(await flags()).toEqual([true, false]);
      // Nothing lost on either side of the interruption.
      for (const o of orgs) await expectHistoryOpens(o);
    });

    it("running again finishes the rest; afterwards only bound ciphertext exists and legacy ciphertext is refused", async () => {
      // The startup step (what `npm start` runs) picks up where the interrupted run stopped.
      const notes = await bindLegacySecretsAtStartup(t.url);
      expect(notes).toEqual([expect.stringMatching(new RegExp(`^organization ${orgs[1].org}: .*4 legacy and 0 other secret\\(s\\) re-encrypted in 3 of 3 revision\\(s\\) across 2 environment\\(s\\)`))]);
      for (const o of orgs) await expectHistoryOpens(o);
      expect((await revisions()).flatMap((r) => formats(r.yaml))).toEqual(Array(8).fill(ENVIRONMENT_BOUND));

      // The paste attack with legacy ciphertext copied before the upgrade: refused now.
      const [o] = orgs;
      const oldDev = snapshot.find((r) => r.yaml.includes("api:"))!.yaml;
      await updateEnvironment(o.actor, o.org, "p", "prod", oldDev, {}, t.db);
      const opened = await openStoredEnvironment(o.actor, o.org, "p", "prod", undefined, {}, t.db);
      expect(opened.diagnostics.map((d) => d.summary).join("\n")).toMatch(/no longer accepted/);
      expect(JSON.stringify(opened.environment ?? {})).not.toContain("dev-two");
      await expect(decryptEnvironment(o.actor, o.org, "p", "prod", undefined, t.db)).rejects.toBeInstanceOf(ValidationError);
    });

    it("`npm run keys:bind-secrets` has nothing left to do", () => {
      const run = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", "keys-bind-secrets.ts")], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: t.url },
        timeout: 60_000,
      });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("nothing to do: every secret is already bound to its environment");
    });
  });
}
