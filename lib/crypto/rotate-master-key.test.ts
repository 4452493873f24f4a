import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadOpenSession, storeOpenSession } from "@/lib/api/open-sessions";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { masterKeySealer } from "@/lib/oidc/default-signing-keys";
import {
  getMasterKey,
  MASTER_KEY_MISMATCH,
  masterKeyFilePath,
  pendingMasterKeyFilePath,
  resetMasterKeyCache,
} from "./master-key";
import { getOrgCrypter } from "./org-crypter";
import { rotateMasterKey } from "./rotate-master-key";
import { checkMasterKeyAtStartup } from "./startup-check";
import { verifyMasterKey } from "./verify-master-key";

const saved = { key: process.env.ESC_MASTER_KEY, dir: process.env.ESC_DATA_DIR };
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const readKeyFile = (file: string) => Buffer.from(readFileSync(file, "utf8").trim(), "base64");

interface Fixture {
  orgIds: string[];
  ciphertexts: Uint8Array[];
  signingKeyPem: string;
  sessionId: string;
  environmentId: string;
}

for (const kind of DATABASE_KINDS) {
  describe(`master-key rotation on ${kind}`, () => {
    let t: TestDatabase;
    let dir: string;
    let f: Fixture;

    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    /** Data under the current master key: two org data keys with a secret each, a signing key, an open session. */
    async function seed(): Promise<Fixture> {
      const orgIds: string[] = [];
      const ciphertexts: Uint8Array[] = [];
      for (let i = 0; i < 2; i++) {
        const org = await t.db.organization.create({
          data: { name: `org-${randomBytes(6).toString("hex")}` },
        });
        orgIds.push(org.id);
        ciphertexts.push(
          await (await getOrgCrypter(t.db, org.id)).forEnvironment("env").encrypt(enc(`secret-${i}`)),
        );
      }
      const signingKeyPem = `-----BEGIN PRIVATE KEY-----\n${randomBytes(48).toString("base64")}\n-----END PRIVATE KEY-----\n`;
      await t.db.signingKey.create({
        data: {
          kid: `k-${randomBytes(4).toString("hex")}`,
          algorithm: "RS256",
          publicJwk: "{}",
          privateKey: new Uint8Array(await masterKeySealer.seal(signingKeyPem)),
        },
      });
      const env = await t.db.environment.create({
        data: { orgId: orgIds[0], project: "p", name: `e-${randomBytes(4).toString("hex")}` },
      });
      const sessionId = await storeOpenSession(t.db, {
        orgId: orgIds[0],
        environmentId: env.id,
        json: JSON.stringify({ values: { password: "opened-secret" } }),
        lifetimeMs: 3_600_000,
      });
      return { orgIds, ciphertexts, signingKeyPem, sessionId, environmentId: env.id };
    }

    /** Reads everything back through the writers' own readers, with the key the process has now. */
    async function expectAllReadable(fx: Fixture): Promise<void> {
      resetMasterKeyCache();
      for (let i = 0; i < fx.orgIds.length; i++) {
        expect(
          dec(
            await (await getOrgCrypter(t.db, fx.orgIds[i])).forEnvironment("env").decrypt(fx.ciphertexts[i]),
          ),
        ).toBe(`secret-${i}`);
      }
      const rows = await t.db.signingKey.findMany();
      const pems = await Promise.all(rows.map((r) => masterKeySealer.open(new Uint8Array(r.privateKey))));
      expect(pems).toContain(fx.signingKeyPem);
      expect(JSON.parse((await loadOpenSession(t.db, fx.sessionId, fx.environmentId)) ?? "null")).toEqual({
        values: { password: "opened-secret" },
      });
    }

    beforeEach(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "esc-rotate-master-"));
      delete process.env.ESC_MASTER_KEY;
      process.env.ESC_DATA_DIR = dir;
      resetMasterKeyCache();
      // Each case starts from an empty database (one per kind, shared by the cases).
      await t.db.openSession.deleteMany();
      await t.db.environment.deleteMany();
      await t.db.organization.deleteMany();
      await t.db.signingKey.deleteMany();
      f = await seed();
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
      if (saved.key === undefined) delete process.env.ESC_MASTER_KEY;
      else process.env.ESC_MASTER_KEY = saved.key;
      if (saved.dir === undefined) delete process.env.ESC_DATA_DIR;
      else process.env.ESC_DATA_DIR = saved.dir;
      resetMasterKeyCache();
    });

    it("generates a new key, rewraps every sealed row, and replaces the key file (0600)", async () => {
      const oldKey = readKeyFile(masterKeyFilePath());
      const result = await rotateMasterKey(t.db);
      expect(result).toMatchObject({
        organizations: 2,
        signingKeys: 1,
        openSessions: 1,
        keyFile: masterKeyFilePath(),
      });
      const newKey = readKeyFile(masterKeyFilePath());
      expect(newKey.equals(oldKey)).toBe(false);
      expect(statSync(masterKeyFilePath()).mode & 0o777).toBe(0o600);
      expect(existsSync(pendingMasterKeyFilePath())).toBe(false);
      await expectAllReadable(f);
      await expect(verifyMasterKey(t.db, oldKey)).rejects.toThrow(MASTER_KEY_MISMATCH);
      // Expired sessions are dropped, not carried over.
      await t.db.openSession.create({
        data: {
          id: "expired",
          orgId: f.orgIds[0],
          environmentId: f.environmentId,
          expiresAt: new Date(Date.now() - 1000),
          payload: new Uint8Array([1, 2, 3]),
        },
      });
      expect((await rotateMasterKey(t.db)).expiredSessionsDeleted).toBe(1);
      await expectAllReadable(f);
    });

    it("uses ESC_NEW_MASTER_KEY when given, and refuses the current key", async () => {
      const wanted = randomBytes(32);
      await rotateMasterKey(t.db, new Uint8Array(wanted));
      expect(readKeyFile(masterKeyFilePath()).equals(wanted)).toBe(true);
      await expectAllReadable(f);
      await expect(rotateMasterKey(t.db, new Uint8Array(wanted))).rejects.toThrow(/same as the current/);
    });

    it("an interruption midway rolls back: the old key still opens everything", async () => {
      const oldKey = readKeyFile(masterKeyFilePath());
      let rows = 0;
      const interrupted = rotateMasterKey(t.db, undefined, {
        afterRow: () => {
          if (++rows === 2) throw new Error("simulated crash");
        },
      });
      await expect(interrupted).rejects.toThrow("simulated crash");
      expect(readKeyFile(masterKeyFilePath()).equals(oldKey)).toBe(true);
      expect(existsSync(pendingMasterKeyFilePath())).toBe(false);
      await expectAllReadable(f);
    });

    it("a crash after the commit but before the key file is replaced is completed at start-up", async () => {
      const oldKey = readKeyFile(masterKeyFilePath());
      await expect(
        rotateMasterKey(t.db, undefined, {
          beforeKeyFileSwap: () => {
            throw new Error("simulated crash");
          },
        }),
      ).rejects.toThrow("simulated crash");
      // The database is on the new key; only master.key.next holds it.
      expect(existsSync(pendingMasterKeyFilePath())).toBe(true);
      await expect(verifyMasterKey(t.db, oldKey)).rejects.toThrow(MASTER_KEY_MISMATCH);
      expect(await checkMasterKeyAtStartup(t.url)).toEqual([
        expect.stringMatching(/completed an interrupted/),
      ]);
      expect(existsSync(pendingMasterKeyFilePath())).toBe(false);
      await expectAllReadable(f);
      // A second rotation after recovery works as usual.
      await rotateMasterKey(t.db);
      await expectAllReadable(f);
    });

    it("a pending key whose rotation never committed is discarded at start-up", async () => {
      const { writeKeyFileAtomically } = await import("./master-key");
      writeKeyFileAtomically(pendingMasterKeyFilePath(), randomBytes(32));
      expect(await checkMasterKeyAtStartup(t.url)).toEqual([expect.stringMatching(/discarded/)]);
      expect(existsSync(pendingMasterKeyFilePath())).toBe(false);
      await expectAllReadable(f);
    });

    it("with ESC_MASTER_KEY: needs ESC_NEW_MASTER_KEY, rewraps, and the new key then opens everything", async () => {
      // Move the data to a key held in the environment, as an operator who configures ESC_MASTER_KEY would.
      const envKey = randomBytes(32);
      await rotateMasterKey(t.db, new Uint8Array(envKey));
      rmSync(masterKeyFilePath());
      process.env.ESC_MASTER_KEY = envKey.toString("base64");
      resetMasterKeyCache();
      await expect(rotateMasterKey(t.db)).rejects.toThrow(/ESC_NEW_MASTER_KEY/);
      const next = randomBytes(32);
      const result = await rotateMasterKey(t.db, new Uint8Array(next));
      expect(result.keyFile).toBeUndefined();
      expect(existsSync(masterKeyFilePath())).toBe(false);
      await expect(checkMasterKeyAtStartup(t.url)).rejects.toThrow(MASTER_KEY_MISMATCH);
      process.env.ESC_MASTER_KEY = next.toString("base64");
      await expectAllReadable(f);
      expect(Buffer.from(getMasterKey()).equals(next)).toBe(true);
    });
  });
}
