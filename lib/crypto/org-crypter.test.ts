import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { randomKey, seal } from "./aead";
import { MASTER_KEY_MISMATCH, openWithMasterKey } from "./master-key";
import {
  crypterForDataKey,
  dataKeyContext,
  ENVIRONMENT_BOUND,
  getOrgCrypter,
  LEGACY_ORG_BOUND,
  orgCrypterForDataKey,
} from "./org-crypter";
import { verifyMasterKey } from "./verify-master-key";

const masterKey = randomBytes(32);
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

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
  describe(`organization crypters on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    it("creates one data key per organization, even under concurrent first use", async () => {
      const org = await t.db.organization.create({ data: { name: `org-${randomBytes(4).toString("hex")}` } });
      const crypters = await Promise.all(
        Array.from({ length: 8 }, () => getOrgCrypter(t.db, org.id, masterKey)),
      );
      const ciphertext = await crypters[3].forEnvironment("env-1").encrypt(text("s3cret"));
      for (const c of crypters) expect(str(await c.forEnvironment("env-1").decrypt(ciphertext))).toBe("s3cret");
      const row = await t.db.organization.findUniqueOrThrow({ where: { id: org.id } });
      expect(row.wrappedDataKey).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(row.wrappedDataKey!).includes(Buffer.from("s3cret"))).toBe(false);
    });

    it("keeps organizations apart and refuses a wrong master key", async () => {
      const a = await t.db.organization.create({ data: { name: `a-${randomBytes(4).toString("hex")}` } });
      const b = await t.db.organization.create({ data: { name: `b-${randomBytes(4).toString("hex")}` } });
      const ca = await getOrgCrypter(t.db, a.id, masterKey);
      const cb = await getOrgCrypter(t.db, b.id, masterKey);
      const ciphertext = await ca.forEnvironment("env").encrypt(text("only for a"));
      await expect(cb.forEnvironment("env").decrypt(ciphertext)).rejects.toThrow(/another environment or organization/);
      await expect(getOrgCrypter(t.db, a.id, randomBytes(32))).rejects.toThrow(MASTER_KEY_MISMATCH);
      // A data key copied into another organization's row does not open there.
      const wrapped = (await t.db.organization.findUniqueOrThrow({ where: { id: a.id } })).wrappedDataKey;
      await t.db.organization.update({ where: { id: b.id }, data: { wrappedDataKey: wrapped } });
      await expect(getOrgCrypter(t.db, b.id, masterKey)).rejects.toThrow(MASTER_KEY_MISMATCH);
      await expect(getOrgCrypter(t.db, "no-such-org", masterKey)).rejects.toThrow(/not found/);
    });

    it("opens legacy organization-bound ciphertext only while the organization is marked as holding some", async () => {
      const org = await t.db.organization.create({ data: { name: `l-${randomBytes(4).toString("hex")}` } });
      await getOrgCrypter(t.db, org.id, masterKey);
      const { wrappedDataKey } = await t.db.organization.findUniqueOrThrow({ where: { id: org.id } });
      const dataKey = openWithMasterKey(wrappedDataKey!, dataKeyContext(org.id), masterKey);
      const legacy = seal(dataKey, text("from before the upgrade")); // what the service wrote before
      // New organizations never held legacy ciphertext: refused.
      await expect((await getOrgCrypter(t.db, org.id, masterKey)).forEnvironment("e").decrypt(legacy)).rejects.toThrow(
        /old organization-wide format/,
      );
      await t.db.organization.update({ where: { id: org.id }, data: { environmentBoundSecrets: false } });
      const crypter = await getOrgCrypter(t.db, org.id, masterKey);
      expect(str(await crypter.forEnvironment("e").decrypt(legacy))).toBe("from before the upgrade");
      expect(str(await crypter.forEnvironment("other").decrypt(legacy))).toBe("from before the upgrade");
      // What it writes is bound all the same.
      const fresh = await crypter.forEnvironment("e").encrypt(text("new"));
      expect(fresh[0]).toBe(ENVIRONMENT_BOUND);
      await expect(crypter.forEnvironment("other").decrypt(fresh)).rejects.toThrow(/another environment/);
    });

    it("verifies at start-up that the master key opens the stored data keys", async () => {
      await expect(verifyMasterKey(t.db, masterKey)).resolves.toBeUndefined();
      await expect(verifyMasterKey(t.db, randomBytes(32))).rejects.toThrow(MASTER_KEY_MISMATCH);
    });
  });
}

describe("environment-bound secrets", () => {
  const dataKey = randomKey();
  const org = orgCrypterForDataKey(dataKey, { acceptLegacy: false });
  const secret = "pasted-secret-value-1234";

  it("opens only in the environment it was encrypted for, with a message that holds neither plaintext nor ciphertext", async () => {
    const ciphertext = await org.forEnvironment("env-b").encrypt(text(secret));
    expect(ciphertext[0]).toBe(ENVIRONMENT_BOUND);
    expect(str(await org.forEnvironment("env-b").decrypt(ciphertext))).toBe(secret);
    const error = await rejection(org.forEnvironment("env-a").decrypt(ciphertext));
    expect(error.message).toMatch(/cannot be decrypted in this environment: it was encrypted for another environment/);
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain(Buffer.from(ciphertext).toString("base64").slice(0, 16));
    // Text that is not a stored environment opens none, and cannot encrypt.
    await expect(org.notStored.decrypt(ciphertext)).rejects.toThrow(/belongs to a stored environment/);
    await expect(org.notStored.encrypt(text("x"))).rejects.toThrow(/not stored/);
  });

  it("opens in text that is not stored only when the organization's environment ids are at hand", async () => {
    const ciphertext = await org.forEnvironment("env-b").encrypt(text(secret));
    let asked = 0;
    const withIds = orgCrypterForDataKey(dataKey, {
      acceptLegacy: false,
      environmentIds: async () => {
        asked++;
        return ["env-a", "env-b", "env-c"];
      },
    });
    expect(str(await withIds.notStored.decrypt(ciphertext))).toBe(secret);
    expect(str(await withIds.notStored.decrypt(ciphertext))).toBe(secret);
    expect(asked).toBe(1);
    const elsewhere = await orgCrypterForDataKey(randomKey(), { acceptLegacy: false })
      .forEnvironment("env-b")
      .encrypt(text(secret));
    const error = await rejection(withIds.notStored.decrypt(elsewhere));
    expect(error.message).toMatch(/belongs to no environment of this organization/);
    expect(error.message).not.toContain(secret);
  });

  it("cannot be turned into legacy ciphertext by changing its format byte", async () => {
    const ciphertext = await org.forEnvironment("env-b").encrypt(text(secret));
    const downgraded = Uint8Array.from(ciphertext);
    downgraded[0] = LEGACY_ORG_BOUND;
    const lenient = crypterForDataKey(dataKey, "env-a", { acceptLegacy: true });
    await expect(lenient.decrypt(downgraded)).rejects.toThrow(/another organization or is damaged/);
    await expect(org.forEnvironment("env-a").decrypt(downgraded)).rejects.toThrow(/old organization-wide format/);
  });

  it("rejects unknown formats and truncated data clearly", async () => {
    const ciphertext = await org.forEnvironment("e").encrypt(text(secret));
    const future = Uint8Array.from(ciphertext);
    future[0] = 9;
    await expect(org.forEnvironment("e").decrypt(future)).rejects.toThrow(/unknown format version \(9\)/);
    await expect(org.forEnvironment("e").decrypt(ciphertext.subarray(0, 10))).rejects.toThrow(/truncated/);
  });
});
