import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { decryptSecrets, encryptSecrets } from "@/lib/esc/crypt";
import { getOrgCrypter } from "./org-crypter";
import { reencryptDefinition } from "./reencrypt-definition";
import { crypterForDataKey } from "./org-crypter";
import { randomKey } from "./aead";
import { rotateOrgKey } from "./rotate-org-key";

const masterKey = randomBytes(32);

/** Plaintext definitions; the stored form is their encryptSecrets output. */
const definitions = (tag: string) => [
  `values:\n  a: {fn::secret: "alpha-${tag}"}\n`,
  `# comment stays\nvalues:\n  nested:\n    - fn::secret: beta-${tag}\n    - plain\n  b:\n    fn::secret: 'gamma-${tag}'\n`,
  `imports: []\nvalues:\n  none: 1\n`,
];

for (const kind of DATABASE_KINDS) {
  describe(`organization key rotation on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    /** An org with two environments of three revisions each, plus another org that must not change. */
    async function seed() {
      const org = await t.db.organization.create({ data: { name: `org-${randomBytes(6).toString("hex")}` } });
      const other = await t.db.organization.create({
        data: { name: `other-${randomBytes(6).toString("hex")}` },
      });
      const plain = new Map<string, string>();
      for (const [o, envs] of [
        [org, ["dev", "prod"]],
        [other, ["dev"]],
      ] as const) {
        const crypter = await getOrgCrypter(t.db, o.id, masterKey);
        for (const name of envs) {
          const env = await t.db.environment.create({ data: { orgId: o.id, project: "app", name } });
          const texts = definitions(`${o.name}-${name}`);
          for (let i = 0; i < texts.length; i++) {
            const r = await t.db.revision.create({
              data: {
                environmentId: env.id,
                number: i + 1,
                yaml: await encryptSecrets(texts[i], crypter.forEnvironment(env.id)),
              },
            });
            plain.set(r.id, texts[i]);
          }
        }
      }
      return { org, other, plain };
    }

    /** Every revision decrypts (with the org's current key) to the plaintext it was written from. */
    async function expectAllDecrypt(plain: Map<string, string>) {
      const rows = await t.db.revision.findMany({ include: { environment: { select: { orgId: true } } } });
      for (const row of rows) {
        if (!plain.has(row.id)) continue;
        expect(row.yaml).not.toMatch(/alpha-|beta-|gamma-/);
        const crypter = (await getOrgCrypter(t.db, row.environment.orgId, masterKey)).forEnvironment(row.environmentId);
        // decryptSecrets may quote differently than the writer did: compare values.
        expect(parseYaml(await decryptSecrets(row.yaml, crypter))).toEqual(parseYaml(plain.get(row.id)!));
      }
    }

    it("installs a new data key and re-encrypts every secret of every revision of the org only", async () => {
      const { org, other, plain } = await seed();
      const before = await t.db.organization.findMany({
        where: { id: { in: [org.id, other.id] } },
        orderBy: { name: "asc" },
      });
      const otherRevisions = await t.db.revision.findMany({
        where: { environment: { orgId: other.id } },
        orderBy: { id: "asc" },
      });
      const oldRevisions = await t.db.revision.findMany({ where: { environment: { orgId: org.id } } });

      const result = await rotateOrgKey(t.db, org.name, masterKey);
      expect(result).toEqual({
        environments: 2,
        revisions: 6,
        revisionsRewritten: 4,
        secrets: 6,
        legacyRebound: 0,
        unreadable: 0,
      });

      const after = await t.db.organization.findMany({
        where: { id: { in: [org.id, other.id] } },
        orderBy: { name: "asc" },
      });
      const changed = after.map(
        (a, i) => !Buffer.from(a.wrappedDataKey!).equals(Buffer.from(before[i].wrappedDataKey!)),
      );
      expect(changed).toEqual(after.map((a) => a.id === org.id));
      expect(
        await t.db.revision.findMany({ where: { environment: { orgId: other.id } }, orderBy: { id: "asc" } }),
      ).toEqual(otherRevisions);
      await expectAllDecrypt(plain);
      // The old ciphertext no longer opens: the new key really replaced the old one.
      const stale = oldRevisions.find((r) => r.yaml.includes("ciphertext"))!;
      const crypter = (await getOrgCrypter(t.db, org.id, masterKey)).forEnvironment(stale.environmentId);
      await expect(decryptSecrets(stale.yaml, crypter)).rejects.toThrow(/under a retired key/);
    });

    it("an interruption midway (after the first environment) leaves everything decryptable with the old key", async () => {
      const { org, plain } = await seed();
      const before = await t.db.revision.findMany({ orderBy: { id: "asc" } });
      const wrapped = (await t.db.organization.findUniqueOrThrow({ where: { id: org.id } })).wrappedDataKey;
      await expect(
        rotateOrgKey(t.db, org.name, masterKey, {
          afterEnvironment: () => {
            throw new Error("simulated crash");
          },
        }),
      ).rejects.toThrow("simulated crash");
      expect(await t.db.revision.findMany({ orderBy: { id: "asc" } })).toEqual(before);
      expect((await t.db.organization.findUniqueOrThrow({ where: { id: org.id } })).wrappedDataKey).toEqual(
        wrapped,
      );
      await expectAllDecrypt(plain);
      // And a later, uninterrupted rotation still works.
      await rotateOrgKey(t.db, org.name, masterKey);
      await expectAllDecrypt(plain);
    });

    it("re-encrypts each environment's ciphertext bound to it: a copy pasted from another environment stays unreadable", async () => {
      const { org } = await seed();
      const [dev, prod] = await t.db.environment.findMany({ where: { orgId: org.id }, orderBy: { name: "asc" } });
      const devHead = await t.db.revision.findFirstOrThrow({ where: { environmentId: dev.id, number: 1 } });
      // The paste: dev's ciphertext stored as a new revision of prod.
      await t.db.revision.create({ data: { environmentId: prod.id, number: 4, yaml: devHead.yaml } });
      const result = await rotateOrgKey(t.db, org.name, masterKey);
      expect(result).toMatchObject({ secrets: 6, unreadable: 1 });
      const crypter = await getOrgCrypter(t.db, org.id, masterKey);
      const pasted = await t.db.revision.findFirstOrThrow({ where: { environmentId: prod.id, number: 4 } });
      expect(pasted.yaml).toBe(devHead.yaml);
      await expect(decryptSecrets(pasted.yaml, crypter.forEnvironment(prod.id))).rejects.toThrow(
        /another environment/,
      );
      const devNow = await t.db.revision.findFirstOrThrow({ where: { environmentId: dev.id, number: 1 } });
      expect(await decryptSecrets(devNow.yaml, crypter.forEnvironment(dev.id))).toContain("alpha-");
    });

    it("answers clearly for an unknown organization and handles one without a data key yet", async () => {
      await expect(rotateOrgKey(t.db, "no-such-org", masterKey)).rejects.toThrow(
        'organization "no-such-org" not found',
      );
      const fresh = await t.db.organization.create({
        data: { name: `fresh-${randomBytes(6).toString("hex")}` },
      });
      expect((await rotateOrgKey(t.db, fresh.name, masterKey)).environments).toBe(0);
      await expect(getOrgCrypter(t.db, fresh.id, masterKey)).resolves.toBeDefined();
      await expect(rotateOrgKey(t.db, fresh.name, randomBytes(32))).rejects.toThrow(
        /master key does not match/,
      );
    });
  });
}

describe("reencryptDefinition", () => {
  const from = crypterForDataKey(randomKey(), "env", { acceptLegacy: false });
  const to = crypterForDataKey(randomKey(), "env", { acceptLegacy: false });

  it("rewrites ciphertext outside `values` too, in any quoting style, and keeps everything else byte for byte", async () => {
    const source = `# top\nother:\n  fn::secret: outside\nvalues:\n  a: {fn::secret: inside} # trailing\n---\nvalues:\n  b:\n    fn::secret: second-doc\n`;
    const stored = await encryptSecrets(source, from);
    const quoted = stored
      .replace(/ciphertext: ([A-Za-z0-9+/=]+)/, `ciphertext: "$1"`)
      .replace(/(ciphertext: )([A-Za-z0-9+/=]+)(\n)/, `$1'$2'$3`);
    const out = await reencryptDefinition(quoted, from, to);
    expect(out).toMatchObject({ reencrypted: 3, unreadable: 0 });
    expect(out.yaml.replace(/[A-Za-z0-9+/]{40,}={0,2}/g, "X")).toBe(
      quoted.replace(/[A-Za-z0-9+/]{40,}={0,2}/g, "X"),
    );
    // Everything under `values` now decrypts with the new key; the `other` call opens with it too.
    expect(await decryptSecrets(out.yaml, to)).toContain("fn::secret: inside");
    const again = await reencryptDefinition(out.yaml, to, from);
    expect(again.reencrypted).toBe(3);
  });

  it("leaves a ciphertext the old key cannot open as it was, and a document without secrets untouched", async () => {
    const foreign = await encryptSecrets(
      "values:\n  x: {fn::secret: elsewhere}\n",
      crypterForDataKey(randomKey(), "env", { acceptLegacy: false }),
    );
    expect(await reencryptDefinition(foreign, from, to)).toEqual({
      yaml: foreign,
      reencrypted: 0,
      unreadable: 1,
    });
    const garbage = "values:\n  x:\n    fn::secret:\n      ciphertext: not-base64!\n";
    expect(await reencryptDefinition(garbage, from, to)).toEqual({
      yaml: garbage,
      reencrypted: 0,
      unreadable: 1,
    });
    expect(await reencryptDefinition("values: {a: 1}\n", from, to)).toEqual({
      yaml: "values: {a: 1}\n",
      reencrypted: 0,
      unreadable: 0,
    });
    expect(await reencryptDefinition("", from, to)).toEqual({ yaml: "", reencrypted: 0, unreadable: 0 });
  });
});
