// The master key protects everything secret at rest: organization data keys, OIDC private keys,
// open-session payloads. It comes from ESC_MASTER_KEY (base64 of 32 bytes) or, failing that, from
// a key file generated once at $ESC_DATA_DIR/master.key (default ./data/master.key, mode 0600).
// Losing it makes the stored secrets unreadable; changing it makes them fail loudly, never garbage.
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { DecryptionError, KEY_BYTES, open, randomKey, seal } from "./aead";

export const MASTER_KEY_MISMATCH = "the master key does not match the one this database was encrypted with";

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MasterKeyError";
  }
}

/** The key in `text` (base64 of 32 bytes); throws MasterKeyError naming `source`, never the value. */
export function decodeMasterKey(text: string, source: string): Uint8Array {
  const trimmed = text.trim();
  const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, "base64") : Buffer.alloc(0);
  if (bytes.length !== KEY_BYTES) {
    // Never echo the value: it is (or is meant to be) a key.
    throw new MasterKeyError(
      `${source} must be the base64 encoding of exactly ${KEY_BYTES} bytes (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return new Uint8Array(bytes);
}

export function masterKeyFilePath(): string {
  return path.resolve(process.env.ESC_DATA_DIR?.trim() || "data", "master.key");
}

/** Where `npm run keys:rotate-master` keeps the new key until the database has been rewrapped with it. */
export function pendingMasterKeyFilePath(): string {
  return `${masterKeyFilePath()}.next`;
}

/**
 * Writes `key` to `file` so that the file is either absent/old or complete, never half-written:
 * a temporary file (mode 0600) is written and flushed, then renamed over `file`, and the folder
 * is flushed so the rename survives a power cut.
 */
export function writeKeyFileAtomically(file: string, key: Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  const fd = openSync(temp, "w", 0o600);
  try {
    writeFileSync(fd, Buffer.from(key).toString("base64") + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  syncDirectory(path.dirname(file));
}

/** Flushes a folder's entries (renames, unlinks) to disk. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function loadOrCreateKeyFile(file: string): Uint8Array {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    // Written whole to a temporary file, then linked into place: link fails if another process
    // created the file first (then we read theirs below), and nobody reads a half-written key.
    const temp = `${file}.tmp-${process.pid}`;
    writeFileSync(temp, Buffer.from(randomKey()).toString("base64") + "\n", { mode: 0o600 });
    try {
      linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      unlinkSync(temp);
    }
  }
  return decodeMasterKey(readFileSync(file, "utf8"), `the master key file ${file}`);
}

let cached: { source: string; key: Uint8Array } | undefined;

/** The master key for this process (read once per configuration). */
export function getMasterKey(): Uint8Array {
  const fromEnv = process.env.ESC_MASTER_KEY;
  const source = fromEnv ? "env" : `file:${masterKeyFilePath()}`;
  if (cached?.source !== source) {
    const key = fromEnv
      ? decodeMasterKey(fromEnv, "ESC_MASTER_KEY")
      : loadOrCreateKeyFile(masterKeyFilePath());
    cached = { source, key };
  }
  return cached.key;
}

/** Forget the cached key (tests that switch ESC_MASTER_KEY between cases). */
export function resetMasterKeyCache(): void {
  cached = undefined;
}

/** Encrypts `plaintext` under the master key; `context` names the purpose and must be given again to open. */
export function sealWithMasterKey(
  plaintext: Uint8Array | string,
  context = "",
  key: Uint8Array = getMasterKey(),
): Uint8Array<ArrayBuffer> {
  return seal(key, plaintext, context);
}

/** Decrypts what sealWithMasterKey produced, or throws MasterKeyError when the key (or context) is wrong. */
export function openWithMasterKey(
  sealed: Uint8Array,
  context = "",
  key: Uint8Array = getMasterKey(),
): Uint8Array<ArrayBuffer> {
  try {
    return open(key, sealed, MASTER_KEY_MISMATCH, context);
  } catch (error) {
    if (error instanceof DecryptionError) throw new MasterKeyError(error.message);
    throw error;
  }
}

const UTF8 = new TextDecoder();

/** openWithMasterKey for text that was sealed as a string. */
export function openTextWithMasterKey(
  sealed: Uint8Array,
  context = "",
  key: Uint8Array = getMasterKey(),
): string {
  return UTF8.decode(openWithMasterKey(sealed, context, key));
}
