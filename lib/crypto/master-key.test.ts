import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  getMasterKey,
  MASTER_KEY_MISMATCH,
  MasterKeyError,
  masterKeyFilePath,
  openTextWithMasterKey,
  openWithMasterKey,
  resetMasterKeyCache,
  sealWithMasterKey,
} from "./master-key";

const saved = { key: process.env.ESC_MASTER_KEY, dir: process.env.ESC_DATA_DIR };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "esc-master-key-"));
  delete process.env.ESC_MASTER_KEY;
  process.env.ESC_DATA_DIR = dir;
  resetMasterKeyCache();
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  if (saved.key === undefined) delete process.env.ESC_MASTER_KEY;
  else process.env.ESC_MASTER_KEY = saved.key;
  if (saved.dir === undefined) delete process.env.ESC_DATA_DIR;
  else process.env.ESC_DATA_DIR = saved.dir;
  resetMasterKeyCache();
});

describe("master key", () => {
  it("generates a key file once, mode 0600, and reuses it", () => {
    const key = getMasterKey();
    expect(key).toHaveLength(32);
    const file = masterKeyFilePath();
    expect(file).toBe(path.join(dir, "master.key"));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64")).toEqual(Buffer.from(key));
    resetMasterKeyCache();
    expect(getMasterKey()).toEqual(key);
  });

  it("prefers ESC_MASTER_KEY and rejects a malformed one without echoing it", () => {
    const key = randomBytes(32);
    process.env.ESC_MASTER_KEY = key.toString("base64");
    expect(Buffer.from(getMasterKey())).toEqual(key);
    process.env.ESC_MASTER_KEY = "c2hvcnQta2V5LXZhbHVl";
    resetMasterKeyCache();
    expect(() => getMasterKey()).toThrow(MasterKeyError);
    expect(() => getMasterKey()).not.toThrow(/c2hvcnQ/);
    process.env.ESC_MASTER_KEY = "not base64 at all!";
    resetMasterKeyCache();
    expect(() => getMasterKey()).toThrow(/base64 encoding of exactly 32 bytes/);
  });

  it("seals and opens, with a fresh nonce each time", () => {
    const a = sealWithMasterKey("private key material", "oidc");
    const b = sealWithMasterKey("private key material", "oidc");
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a).includes(Buffer.from("private key material"))).toBe(false);
    expect(openTextWithMasterKey(a, "oidc")).toBe("private key material");
    expect(openWithMasterKey(sealWithMasterKey(new Uint8Array([0, 1, 2])))).toEqual(
      new Uint8Array([0, 1, 2]),
    );
  });

  it("gives sealed and opened bytes memory of their own, small or large (no view into a shared pool)", () => {
    for (const text of ["k", "é".repeat(20_000)]) {
      const sealed = sealWithMasterKey(text, "ctx");
      const opened = openWithMasterKey(sealed, "ctx");
      for (const bytes of [sealed, opened]) {
        expect(bytes.byteOffset).toBe(0);
        expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
      }
      expect(Buffer.from(opened).toString("utf8")).toBe(text);
      expect(openTextWithMasterKey(Buffer.from(sealed), "ctx")).toBe(text);
    }
  });

  it("fails clearly with the wrong master key, the wrong context or damaged data", () => {
    const sealed = sealWithMasterKey("payload", "ctx");
    const otherKey = randomBytes(32);
    expect(() => openWithMasterKey(sealed, "ctx", otherKey)).toThrow(MASTER_KEY_MISMATCH);
    expect(() => openWithMasterKey(sealed, "other-ctx")).toThrow(MasterKeyError);
    const damaged = new Uint8Array(sealed);
    damaged[20] ^= 1;
    expect(() => openWithMasterKey(damaged, "ctx")).toThrow(MasterKeyError);
    expect(() => openWithMasterKey(sealed.subarray(0, 10), "ctx")).toThrow(/truncated/);
    const wrongVersion = new Uint8Array(sealed);
    wrongVersion[0] = 9;
    expect(() => openWithMasterKey(wrongVersion, "ctx")).toThrow(/format version/);
  });
});
