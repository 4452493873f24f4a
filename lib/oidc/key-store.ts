// Where the issuer's signing keys live. The key logic (signing-keys.ts) is written against this
// small interface so it can be proven with an in-memory store and run on the database.

export interface StoredSigningKey {
  /** `esc-<generation>`: the generation makes the kid a lock (see signing-keys.ts). */
  kid: string;
  algorithm: "RS256";
  /** The public JWK as JSON text (with kid, alg, use). */
  publicJwk: string;
  /** The PKCS#8 private key, sealed with the master key; never stored or logged in the clear. */
  privateKey: Uint8Array;
  createdAt: Date;
  /** When a newer key replaced this one; it stays in the JWKS for the overlap period after. */
  retiredAt: Date | null;
}

export interface SigningKeyStore {
  list(): Promise<StoredSigningKey[]>;
  /** Adds a key; returns false (and changes nothing) when a key with this kid already exists. */
  insert(key: StoredSigningKey): Promise<boolean>;
  /** Marks every not-yet-retired key other than `kid` as retired at `at`. */
  retireOthers(kid: string, at: Date): Promise<void>;
  /** Deletes keys retired before `cutoff` (they are no longer published). */
  deleteRetiredBefore(cutoff: Date): Promise<number>;
}
