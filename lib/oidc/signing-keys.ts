// The issuer's RS256 signing keys: created on first use, rotated on demand, published as a JWKS.
//
// Every instance reads keys from the shared store, so two servers over one database sign with
// the same key. The kid carries a generation number (`esc-1`, `esc-2`, ...) and the store refuses
// a second key with the same kid: when several instances create the first key (or rotate) at
// once, exactly one insert wins and the others re-read and use the winner's key.
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type CryptoKey, type JWK } from "jose";
import type { SigningKeyStore, StoredSigningKey } from "./key-store";
import { parseGoDuration } from "@/lib/esc/go-duration";

export const SIGNING_ALGORITHM = "RS256";
const DEFAULT_OVERLAP_MS = 24 * 3_600_000;

/** Seals private keys at rest (the master key in production). */
export interface KeySealer {
  seal(plaintext: string): Promise<Uint8Array>;
  open(sealed: Uint8Array): Promise<string>;
}

export interface SigningKeysOptions {
  store: SigningKeyStore;
  sealer: KeySealer;
  /** How long a replaced key stays in the JWKS (tokens signed just before rotation must verify). */
  overlapMs?: number;
  now?: () => Date;
}

export interface ActiveSigningKey {
  kid: string;
  privateKey: CryptoKey;
}

/** `ESC_OIDC_KEY_OVERLAP` as a Go duration (`24h`, `90m`) or seconds; default 24h. */
export function keyOverlapMsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.ESC_OIDC_KEY_OVERLAP?.trim();
  if (!raw) return DEFAULT_OVERLAP_MS;
  const ms = /^\d+$/.test(raw) ? Number(raw) * 1000 : parseGoDuration(raw);
  if (!(ms >= 0)) throw new Error("ESC_OIDC_KEY_OVERLAP must be a non-negative duration such as 24h");
  return ms;
}

export function generationOf(kid: string): number {
  const m = /^esc-(\d+)$/.exec(kid);
  return m ? Number(m[1]) : 0;
}

function byGenerationDescending(keys: StoredSigningKey[]): StoredSigningKey[] {
  return [...keys].sort((a, b) => generationOf(b.kid) - generationOf(a.kid));
}

export class SigningKeys {
  private readonly store: SigningKeyStore;
  private readonly sealer: KeySealer;
  private readonly overlapMs: number;
  private readonly now: () => Date;
  private readonly imported = new Map<string, Promise<CryptoKey>>();
  private creating: Promise<unknown> | undefined;

  constructor(options: SigningKeysOptions) {
    this.store = options.store;
    this.sealer = options.sealer;
    this.overlapMs = options.overlapMs ?? DEFAULT_OVERLAP_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** The key new tokens are signed with; creates the first key if there is none. */
  async activeKey(): Promise<ActiveSigningKey> {
    const current = await this.currentOrCreate();
    return { kid: current.kid, privateKey: await this.privateKeyOf(current) };
  }

  /**
   * The public keys to publish: the active key and replaced keys still inside the overlap period.
   * Creates the first key if needed, so a verifier never caches an empty key set.
   */
  async publicJwks(): Promise<{ keys: JWK[] }> {
    await this.currentOrCreate();
    const keys = byGenerationDescending(await this.store.list());
    const cutoff = this.now().getTime() - this.overlapMs;
    const published: JWK[] = [];
    keys.forEach((key, i) => {
      // A key is replaced when it is marked retired or, if a rotation stopped half-way, when
      // a newer generation exists.
      const replacedAt = key.retiredAt ?? (i > 0 ? keys[i - 1].createdAt : null);
      if (replacedAt === null || replacedAt.getTime() > cutoff)
        published.push(JSON.parse(key.publicJwk) as JWK);
    });
    return { keys: published };
  }

  /** Adds a new active key; the previous ones stay published for the overlap period. */
  async rotate(): Promise<{ kid: string; retired: string[] }> {
    const before = await this.store.list();
    const created = await this.createNext(before);
    if (!created) throw new Error("another key rotation happened at the same time; run it again if needed");
    const at = this.now();
    await this.store.retireOthers(created, at);
    await this.store.deleteRetiredBefore(new Date(at.getTime() - this.overlapMs));
    return { kid: created, retired: before.filter((k) => k.retiredAt === null).map((k) => k.kid) };
  }

  private async currentOrCreate(): Promise<StoredSigningKey> {
    let current = await this.current();
    if (!current) {
      // One creation per process at a time; across processes the kid uniqueness decides.
      this.creating ??= this.createNext().finally(() => (this.creating = undefined));
      await this.creating;
      current = await this.current();
      if (!current) throw new Error("the OIDC signing key could not be created");
    }
    return current;
  }

  private async current(): Promise<StoredSigningKey | undefined> {
    const newest = byGenerationDescending(await this.store.list())[0];
    return newest && newest.retiredAt === null ? newest : undefined;
  }

  /** Inserts the next generation; returns its kid, or undefined when another instance got there first. */
  private async createNext(known?: StoredSigningKey[]): Promise<string | undefined> {
    const keys = known ?? (await this.store.list());
    const generation = Math.max(0, ...keys.map((k) => generationOf(k.kid))) + 1;
    const kid = `esc-${generation}`;
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, {
      modulusLength: 2048,
      extractable: true,
    });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: "sig" };
    const inserted = await this.store.insert({
      kid,
      algorithm: SIGNING_ALGORITHM,
      publicJwk: JSON.stringify(jwk),
      privateKey: await this.sealer.seal(await exportPKCS8(privateKey)),
      createdAt: this.now(),
      retiredAt: null,
    });
    return inserted ? kid : undefined;
  }

  private privateKeyOf(key: StoredSigningKey): Promise<CryptoKey> {
    let imported = this.imported.get(key.kid);
    if (!imported) {
      imported = this.sealer.open(key.privateKey).then((pem) => importPKCS8(pem, SIGNING_ALGORITHM));
      imported.catch(() => this.imported.delete(key.kid));
      this.imported.set(key.kid, imported);
    }
    return imported;
  }
}
