import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import {
  authenticateToken,
  createAccessToken,
  hashToken,
  listAccessTokens,
  revokeAccessToken,
  tokenFromHeader,
} from "./access-tokens";

describe("tokenFromHeader", () => {
  it("accepts the token and Bearer schemes and nothing else", () => {
    expect(tokenFromHeader("token abc")).toBe("abc");
    expect(tokenFromHeader("Bearer abc")).toBe("abc");
    expect(tokenFromHeader("bearer  abc ")).toBe("abc");
    expect(tokenFromHeader("Basic abc")).toBeNull();
    expect(tokenFromHeader("token")).toBeNull();
    expect(tokenFromHeader("token a b")).toBeNull();
    expect(tokenFromHeader(null)).toBeNull();
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`access tokens on ${kind}`, () => {
    let t: TestDatabase;
    let userId: string;
    let otherId: string;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
      userId = (
        await t.db.user.create({ data: { email: "a@example.com", login: "a", name: "A", passwordHash: "x" } })
      ).id;
      otherId = (
        await t.db.user.create({ data: { email: "b@example.com", login: "b", name: "B", passwordHash: "x" } })
      ).id;
    });
    afterAll(() => t?.drop());

    it("stores only a hash and authenticates with either scheme", async () => {
      const { id, token } = await createAccessToken(userId, { description: "ci" }, t.db);
      expect(token).toMatch(/^esc_[A-Za-z0-9_-]{43}$/);
      const row = await t.db.accessToken.findUniqueOrThrow({ where: { id } });
      expect(row.hash).toBe(hashToken(token));
      expect(JSON.stringify(row)).not.toContain(token.slice(4));
      expect(await authenticateToken(`token ${token}`, t.db)).toEqual({ userId, login: "a", tokenId: id });
      expect(await authenticateToken(`Bearer ${token}`, t.db)).toEqual({ userId, login: "a", tokenId: id });
      expect((await t.db.accessToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();
    });

    it("refuses unknown, malformed, revoked and expired tokens", async () => {
      expect(await authenticateToken(`token esc_${"A".repeat(43)}`, t.db)).toBeNull();
      expect(await authenticateToken("token nonsense", t.db)).toBeNull();
      expect(await authenticateToken(`token ${"x".repeat(100_000)}`, t.db)).toBeNull();
      const { id, token } = await createAccessToken(userId, {}, t.db);
      expect(await revokeAccessToken(otherId, id, t.db)).toBe(false);
      expect(await authenticateToken(`token ${token}`, t.db)).not.toBeNull();
      expect(await revokeAccessToken(userId, id, t.db)).toBe(true);
      expect(await authenticateToken(`token ${token}`, t.db)).toBeNull();

      const soon = await createAccessToken(userId, { expiresAt: new Date(Date.now() + 1500) }, t.db);
      expect(await authenticateToken(`token ${soon.token}`, t.db)).not.toBeNull();
      await t.db.accessToken.update({
        where: { id: soon.id },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      expect(await authenticateToken(`token ${soon.token}`, t.db)).toBeNull();
    });

    it("reads expiry as the instant stored, whatever the server's time zone", async () => {
      // Stored timestamps are UTC; a reader in local time would accept this token for five more
      // hours in New York (and refuse a valid one in Tokyo).
      const saved = process.env.TZ;
      try {
        for (const zone of ["America/New_York", "Asia/Tokyo"]) {
          process.env.TZ = zone;
          const expired = await createAccessToken(userId, { expiresAt: new Date(Date.now() + 60_000) }, t.db);
          await t.db.accessToken.update({
            where: { id: expired.id },
            data: { expiresAt: new Date(Date.now() - 60 * 60_000) },
          });
          expect(await authenticateToken(`token ${expired.token}`, t.db), zone).toBeNull();
          const valid = await createAccessToken(userId, { expiresAt: new Date(Date.now() + 60 * 60_000) }, t.db);
          expect(await authenticateToken(`token ${valid.token}`, t.db), zone).not.toBeNull();
        }
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });

    it("validates descriptions and expiry", async () => {
      await expect(createAccessToken(userId, { description: "x".repeat(201) }, t.db)).rejects.toThrow(
        /at most 200/,
      );
      await expect(createAccessToken(userId, { expiresAt: new Date(Date.now() - 1) }, t.db)).rejects.toThrow(
        /future/,
      );
      await expect(createAccessToken(userId, { expiresAt: new Date("nope") }, t.db)).rejects.toThrow(
        /future/,
      );
    });

    it("lists only the user's own tokens, newest first", async () => {
      const { id } = await createAccessToken(otherId, { description: "theirs" }, t.db);
      const mine = await listAccessTokens(userId, t.db);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.map((x) => x.id)).not.toContain(id);
      expect((await listAccessTokens(otherId, t.db)).map((x) => x.description)).toEqual(["theirs"]);
      const times = mine.map((x) => x.createdAt.getTime());
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });
  });
}
