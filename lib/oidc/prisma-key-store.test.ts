// The signing keys on real databases (a temp SQLite file and the PostgreSQL on 127.0.0.1:5432):
// two instances with their own connections agree on one key, concurrent first use creates one
// key, rotation is seen by both, and private keys are sealed with the master key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { createDb, type Db } from "@/lib/db/client";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { resetMasterKeyCache } from "@/lib/crypto/master-key";
import { databaseSigningKeys } from "./default-signing-keys";

const previousMasterKey = process.env.ESC_MASTER_KEY;
beforeAll(() => {
  process.env.ESC_MASTER_KEY = randomBytes(32).toString("base64");
  resetMasterKeyCache();
});
afterAll(() => {
  if (previousMasterKey === undefined) delete process.env.ESC_MASTER_KEY;
  else process.env.ESC_MASTER_KEY = previousMasterKey;
  resetMasterKeyCache();
});

for (const kind of DATABASE_KINDS) {
  describe(`signing keys on ${kind}`, () => {
    let t: TestDatabase;
    let second: Db;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
      second = createDb(t.url);
    });
    afterAll(async () => {
      await second?.$disconnect();
      await t?.drop();
    });

    it("two instances create exactly one key concurrently and agree on it", async () => {
      const a = databaseSigningKeys(t.db);
      const b = databaseSigningKeys(second);
      const active = await Promise.all([a.activeKey(), b.activeKey(), a.activeKey(), b.activeKey()]);
      expect(new Set(active.map((k) => k.kid))).toEqual(new Set(["esc-1"]));
      const rows = await t.db.signingKey.findMany();
      expect(rows).toHaveLength(1);
      expect(Buffer.from(rows[0].privateKey).toString("latin1")).not.toMatch(/PRIVATE KEY|MII/);
      expect(await a.publicJwks()).toEqual(await b.publicJwks());
    });

    it("a rotation on one instance is used and published by the other", async () => {
      const a = databaseSigningKeys(t.db);
      const b = databaseSigningKeys(second);
      const { kid, retired } = await a.rotate();
      expect({ kid, retired }).toEqual({ kid: "esc-2", retired: ["esc-1"] });
      expect((await b.activeKey()).kid).toBe("esc-2");
      expect((await b.publicJwks()).keys.map((k) => k.kid)).toEqual(["esc-2", "esc-1"]);
      const old = await t.db.signingKey.findUnique({ where: { kid: "esc-1" } });
      expect(old?.retiredAt).toBeInstanceOf(Date);
    });

    it("a wrong master key fails with a clear message, and the JWKS still serves", async () => {
      const saved = process.env.ESC_MASTER_KEY;
      process.env.ESC_MASTER_KEY = randomBytes(32).toString("base64");
      resetMasterKeyCache();
      const db = createDb(t.url);
      try {
        const fresh = databaseSigningKeys(db);
        await expect(fresh.activeKey()).rejects.toThrow(/master key does not match/);
        expect((await fresh.publicJwks()).keys).toHaveLength(2);
      } finally {
        await db.$disconnect();
        process.env.ESC_MASTER_KEY = saved;
        resetMasterKeyCache();
      }
    });
  });
}
