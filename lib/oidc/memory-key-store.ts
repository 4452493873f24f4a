import type { SigningKeyStore, StoredSigningKey } from "./key-store";

/** A SigningKeyStore in memory, for tests and for tools that need no persistence. */
export class MemorySigningKeyStore implements SigningKeyStore {
  private readonly keys = new Map<string, StoredSigningKey>();

  async list(): Promise<StoredSigningKey[]> {
    return [...this.keys.values()].map((k) => ({ ...k }));
  }

  async insert(key: StoredSigningKey): Promise<boolean> {
    if (this.keys.has(key.kid)) return false;
    this.keys.set(key.kid, { ...key });
    return true;
  }

  async retireOthers(kid: string, at: Date): Promise<void> {
    for (const key of this.keys.values()) {
      if (key.kid !== kid && key.retiredAt === null) key.retiredAt = at;
    }
  }

  async deleteRetiredBefore(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (const [kid, key] of this.keys) {
      if (key.retiredAt !== null && key.retiredAt < cutoff) {
        this.keys.delete(kid);
        deleted++;
      }
    }
    return deleted;
  }
}
