import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { MASTER_KEY_MISMATCH } from "./master-key";
import { getOrgCrypter } from "./org-crypter";
import { verifyMasterKey } from "./verify-master-key";

const masterKey = randomBytes(32);
const text = (s: string) => new TextEncoder().encode(s);

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
      const ciphertext = await crypters[3].encrypt(text("s3cret"));
      for (const c of crypters) expect(new TextDecoder().decode(await c.decrypt(ciphertext))).toBe("s3cret");
      const row = await t.db.organization.findUniqueOrThrow({ where: { id: org.id } });
      expect(row.wrappedDataKey).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(row.wrappedDataKey!).includes(Buffer.from("s3cret"))).toBe(false);
    });

    it("keeps organizations apart and refuses a wrong master key", async () => {
      const a = await t.db.organization.create({ data: { name: `a-${randomBytes(4).toString("hex")}` } });
      const b = await t.db.organization.create({ data: { name: `b-${randomBytes(4).toString("hex")}` } });
      const ca = await getOrgCrypter(t.db, a.id, masterKey);
      const cb = await getOrgCrypter(t.db, b.id, masterKey);
      const ciphertext = await ca.encrypt(text("only for a"));
      await expect(cb.decrypt(ciphertext)).rejects.toThrow(/another organization/);
      await expect(getOrgCrypter(t.db, a.id, randomBytes(32))).rejects.toThrow(MASTER_KEY_MISMATCH);
      // A data key copied into another organization's row does not open there.
      const wrapped = (await t.db.organization.findUniqueOrThrow({ where: { id: a.id } })).wrappedDataKey;
      await t.db.organization.update({ where: { id: b.id }, data: { wrappedDataKey: wrapped } });
      await expect(getOrgCrypter(t.db, b.id, masterKey)).rejects.toThrow(MASTER_KEY_MISMATCH);
      await expect(getOrgCrypter(t.db, "no-such-org", masterKey)).rejects.toThrow(/not found/);
    });

    it("verifies at start-up that the master key opens the stored data keys", async () => {
      await expect(verifyMasterKey(t.db, masterKey)).resolves.toBeUndefined();
      await expect(verifyMasterKey(t.db, randomBytes(32))).rejects.toThrow(MASTER_KEY_MISMATCH);
    });
  });
}
