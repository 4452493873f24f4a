// Test support: a SigningKeys over an in-memory store with a real (AES-GCM) sealer, so tests
// exercise the same code paths as production without a database.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { MemorySigningKeyStore } from "./memory-key-store";
import { SigningKeys, type KeySealer, type SigningKeysOptions } from "./signing-keys";

export function testSealer(): KeySealer {
  const key = randomBytes(32);
  return {
    async seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    async open(sealed) {
      const buf = Buffer.from(sealed);
      const decipher = createDecipheriv("aes-256-gcm", key, buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}

export function memorySigningKeys(options: Partial<SigningKeysOptions> = {}): SigningKeys {
  return new SigningKeys({ store: new MemorySigningKeyStore(), sealer: testSealer(), ...options });
}
