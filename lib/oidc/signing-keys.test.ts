import { describe, expect, it } from "vitest";
import { importJWK, jwtVerify, SignJWT } from "jose";
import { MemorySigningKeyStore } from "./memory-key-store";
import { keyOverlapMsFromEnv, SigningKeys } from "./signing-keys";
import { testSealer } from "./testing";

const HOUR = 3_600_000;

function clock(start = Date.parse("2026-01-01T00:00:00Z")) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

async function signAndVerify(keys: SigningKeys): Promise<string> {
  const { kid, privateKey } = await keys.activeKey();
  const token = await new SignJWT({}).setProtectedHeader({ alg: "RS256", kid }).sign(privateKey);
  const jwk = (await keys.publicJwks()).keys.find((k) => k.kid === kid);
  expect(jwk).toBeDefined();
  await jwtVerify(token, await importJWK(jwk!, "RS256"));
  return kid;
}

describe("SigningKeys", () => {
  it("creates one key on first use and seals the private key", async () => {
    const store = new MemorySigningKeyStore();
    const keys = new SigningKeys({ store, sealer: testSealer() });
    const kid = await signAndVerify(keys);
    const stored = await store.list();
    expect(stored).toHaveLength(1);
    expect(stored[0].kid).toBe(kid);
    expect(Buffer.from(stored[0].privateKey).toString("latin1")).not.toContain("PRIVATE KEY");
    const jwks = await keys.publicJwks();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid });
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });

  it("two instances over one store agree, and concurrent first use creates a single key", async () => {
    const store = new MemorySigningKeyStore();
    const sealer = testSealer();
    const a = new SigningKeys({ store, sealer });
    const b = new SigningKeys({ store, sealer });
    const kids = await Promise.all([a.activeKey(), b.activeKey(), a.activeKey(), b.activeKey()]);
    expect(new Set(kids.map((k) => k.kid)).size).toBe(1);
    expect(await store.list()).toHaveLength(1);
    expect(await signAndVerify(a)).toBe(await signAndVerify(b));
  });

  it("rotation adds a new active key and keeps the old public key for the overlap period", async () => {
    const c = clock();
    const store = new MemorySigningKeyStore();
    const sealer = testSealer();
    const keys = new SigningKeys({ store, sealer, now: c.now, overlapMs: 24 * HOUR });
    const other = new SigningKeys({ store, sealer, now: c.now, overlapMs: 24 * HOUR });
    const first = await signAndVerify(keys);
    c.advance(HOUR);
    const { kid: second, retired } = await keys.rotate();
    expect(retired).toEqual([first]);
    expect(second).not.toBe(first);
    expect(await signAndVerify(other)).toBe(second);
    expect((await keys.publicJwks()).keys.map((k) => k.kid)).toEqual([second, first]);
    c.advance(23 * HOUR);
    expect((await keys.publicJwks()).keys.map((k) => k.kid)).toEqual([second, first]);
    c.advance(HOUR + 1);
    expect((await keys.publicJwks()).keys.map((k) => k.kid)).toEqual([second]);
    // The next rotation prunes keys whose overlap ended.
    await keys.rotate();
    expect((await store.list()).map((k) => k.kid)).not.toContain(first);
  });

  it("a rotation interrupted before retiring still publishes the right keys", async () => {
    const c = clock();
    const store = new MemorySigningKeyStore();
    const keys = new SigningKeys({ store, sealer: testSealer(), now: c.now, overlapMs: HOUR });
    const first = (await keys.activeKey()).kid;
    c.advance(HOUR);
    const copy = (await store.list())[0];
    const publicJwk = JSON.stringify({ ...JSON.parse(copy.publicJwk), kid: "esc-2" });
    await store.insert({ ...copy, kid: "esc-2", publicJwk, createdAt: c.now() });
    expect((await keys.activeKey()).kid).toBe("esc-2");
    expect((await keys.publicJwks()).keys).toHaveLength(2);
    c.advance(HOUR + 1);
    expect((await keys.publicJwks()).keys.map((k) => k.kid)).toEqual(["esc-2"]);
    expect(first).toBe("esc-1");
  });

  it("reads the overlap from ESC_OIDC_KEY_OVERLAP", () => {
    expect(keyOverlapMsFromEnv({})).toBe(24 * HOUR);
    expect(keyOverlapMsFromEnv({ ESC_OIDC_KEY_OVERLAP: "1h30m" })).toBe(1.5 * HOUR);
    expect(keyOverlapMsFromEnv({ ESC_OIDC_KEY_OVERLAP: "600" })).toBe(600_000);
    expect(() => keyOverlapMsFromEnv({ ESC_OIDC_KEY_OVERLAP: "soon" })).toThrow(/invalid duration "soon"/);
    expect(() => keyOverlapMsFromEnv({ ESC_OIDC_KEY_OVERLAP: "-1h" })).toThrow(/non-negative/);
  });
});

describe("SigningKeys.publicJwks", () => {
  it("creates the first key rather than publishing an empty set", async () => {
    const store = new MemorySigningKeyStore();
    const keys = new SigningKeys({ store, sealer: testSealer() });
    expect((await keys.publicJwks()).keys.map((k) => k.kid)).toEqual(["esc-1"]);
    expect((await keys.activeKey()).kid).toBe("esc-1");
    expect(await store.list()).toHaveLength(1);
  });
});
