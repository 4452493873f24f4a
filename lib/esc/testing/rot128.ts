// The reference test suite's crypter (INDEX.md §1.4): encryption and decryption both add 128 to
// every byte, so each is its own inverse. Only for tests and the conformance harness; it
// protects nothing.
import type { SecretCrypter } from "../contract";

function rotate(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] + 128) & 0xff;
  return out;
}

export const rot128: SecretCrypter = {
  async encrypt(plaintext) {
    return rotate(plaintext);
  },
  async decrypt(ciphertext) {
    return rotate(ciphertext);
  },
};
