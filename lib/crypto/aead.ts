// AES-256-GCM sealing with a self-describing layout: version byte | 12-byte nonce | ciphertext | 16-byte tag.
// `context` is authenticated but not stored (AAD), binding a sealed blob to where it belongs (e.g.
// one organization's data key cannot be swapped into another organization's row). The version
// byte is 1 unless a caller names another one to say which binding it used (org-crypter.ts: 2 is
// an environment-bound `fn::secret`); such callers put the version in `context` too, so the byte
// cannot be changed without failing authentication.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** Authentication failed: wrong key, wrong context, or damaged data. Carries no key material. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

/** Seals `plaintext` (bytes, or text as UTF-8). */
export function seal(
  key: Uint8Array,
  plaintext: Uint8Array | string,
  context = "",
  version = VERSION,
): Uint8Array<ArrayBuffer> {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = typeof plaintext === "string" ? cipher.update(plaintext, "utf8") : cipher.update(plaintext);
  const final = cipher.final();
  return bytesOf(Buffer.concat([Buffer.of(version), nonce, body, final, cipher.getAuthTag()]));
}

/** The version byte of a sealed blob, or undefined when it is too short to be one. */
export function sealedVersion(sealed: Uint8Array): number | undefined {
  return sealed instanceof Uint8Array && sealed.length >= 1 + NONCE_BYTES + TAG_BYTES ? sealed[0] : undefined;
}

/** Opens what `seal` produced; throws DecryptionError(`mismatch`) when authentication fails. */
export function open(
  key: Uint8Array,
  sealed: Uint8Array,
  mismatch: string,
  context = "",
  version = VERSION,
): Uint8Array<ArrayBuffer> {
  if (sealedVersion(sealed) === undefined) {
    throw new DecryptionError("the encrypted data is truncated or not in the expected format");
  }
  if (sealed[0] !== version)
    throw new DecryptionError(`the encrypted data has an unknown format version (${sealed[0]})`);
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(1 + NONCE_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tag);
  let plaintext: Buffer;
  try {
    plaintext = decipher.update(body);
    // Authenticates (GCM gives back nothing more here); nothing is returned unless it passes.
    const rest = decipher.final();
    if (rest.length > 0) plaintext = Buffer.concat([plaintext, rest]);
  } catch {
    throw new DecryptionError(mismatch);
  }
  return bytesOf(plaintext);
}

/**
 * `buffer`'s bytes as a Uint8Array over memory of its own: the same memory when the Buffer has
 * its ArrayBuffer to itself (a large one usually does), a copy when it is a slice of Node's shared
 * pool, whose other bytes a caller reaching for `.buffer` must never see. Sealed sessions are
 * tens of kilobytes; copying them twice more per seal and open showed in profiles.
 */
function bytesOf(buffer: Buffer): Uint8Array<ArrayBuffer> {
  const memory = buffer.buffer;
  return memory instanceof ArrayBuffer && buffer.byteOffset === 0 && buffer.byteLength === memory.byteLength
    ? new Uint8Array(memory)
    : new Uint8Array(buffer);
}

export function randomKey(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(randomBytes(KEY_BYTES));
}
