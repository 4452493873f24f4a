// The limiter against real databases: SQLite files and the PostgreSQL server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { createUser } from "@/lib/auth/users";
import { createDb } from "@/lib/db/client";
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { authenticateWithinLimits } from "./api";
import { hit, peek, reset, sweep } from "./counter";
import { RateLimitedError } from "./errors";
import { recordFailedSignIn, signInBlocked } from "./sign-in";

const rule = { limit: 3, windowMs: 60_000 };
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

for (const kind of DATABASE_KINDS) {
  describe(`rate limits on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t.drop());

    it("counts per key and window, limits past the limit, and says when to retry", async () => {
      const counts = [];
      for (let i = 0; i < 4; i++) counts.push(await hit(t.db, "k1", rule, T0 + 15_000));
      expect(counts.map((v) => v.count)).toEqual([1, 2, 3, 4]);
      expect(counts.map((v) => v.limited)).toEqual([false, false, false, true]);
      expect(counts[3].retryAfterSeconds).toBe(45);
      expect(await peek(t.db, "k1", rule, T0 + 59_999)).toMatchObject({
        count: 4,
        limited: true,
        retryAfterSeconds: 1,
      });
      // Another key and the next window start from zero.
      expect((await hit(t.db, "k2", rule, T0)).count).toBe(1);
      expect(await peek(t.db, "k1", rule, T0 + 60_000)).toMatchObject({ count: 0, limited: false });
      await reset(t.db, "k1", rule, T0);
      expect((await peek(t.db, "k1", rule, T0)).count).toBe(0);
    });

    it("loses no count when many hits race, also from a second client (another instance)", async () => {
      const other = createDb(t.url);
      try {
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            hit(i % 2 ? other : t.db, "race", { limit: 1000, windowMs: 60_000 }, T0),
          ),
        );
      } finally {
        await other.$disconnect();
      }
      expect((await peek(t.db, "race", { limit: 1000, windowMs: 60_000 }, T0)).count).toBe(40);
    });

    it("a limit of 0 is off and writes nothing; sweep deletes day-old windows only", async () => {
      expect(await hit(t.db, "off", { limit: 0, windowMs: 60_000 }, T0)).toMatchObject({ limited: false });
      expect(await t.db.rateLimitBucket.count({ where: { key: "off" } })).toBe(0);
      await hit(t.db, "old", rule, T0 - 2 * 86_400_000);
      const removed = await sweep(t.db, T0);
      expect(removed).toBe(1);
      expect(await t.db.rateLimitBucket.count({ where: { key: "k2" } })).toBe(1);
    });

    it("blocks sign-in per account and per IP after 10 failures", async () => {
      for (let i = 0; i < 10; i++) {
        expect(await signInBlocked("Victim@Example.com", `198.51.100.${i}`, t.db)).toBeNull();
        await recordFailedSignIn("victim@example.com ", `198.51.100.${i}`, t.db);
      }
      // The account is locked from any address; other accounts from those addresses are not.
      expect(await signInBlocked("victim@example.com", "203.0.113.1", t.db)).toMatchObject({ limited: true });
      expect(await signInBlocked("other@example.com", "198.51.100.1", t.db)).toBeNull();
      for (let i = 0; i < 10; i++) await recordFailedSignIn(`user${i}@example.com`, "192.0.2.7", t.db);
      expect(await signInBlocked("fresh@example.com", "192.0.2.7", t.db)).toMatchObject({ limited: true });
      // The table holds no email addresses.
      const keys = (await t.db.rateLimitBucket.findMany({ select: { key: true } }))
        .map((r) => r.key)
        .join(" ");
      expect(keys).not.toContain("example.com");
    });

    it("API: counts requests per token and failed tokens per IP", async () => {
      const user = await createUser(
        { email: `api-${kind}@example.com`, password: "correct horse battery staple" },
        t.db,
      );
      const { token } = await createAccessToken(user.id, { description: "t" }, t.db);
      const req = (auth: string | null, ip: string) =>
        new Request("http://x/api/user", {
          headers: { ...(auth ? { authorization: auth } : {}), "x-forwarded-for": ip },
        });

      process.env.ESC_RATE_LIMIT_API_PER_MINUTE = "5";
      process.env.ESC_RATE_LIMIT_TOKEN_FAILURES = "3";
      try {
        for (let i = 0; i < 5; i++)
          expect(await authenticateWithinLimits(req(`token ${token}`, "10.0.0.1"), t.db)).toMatchObject({
            userId: user.id,
          });
        const over = await authenticateWithinLimits(req(`token ${token}`, "10.0.0.1"), t.db).catch(
          (e: unknown) => e,
        );
        expect(over).toBeInstanceOf(RateLimitedError);
        expect((over as RateLimitedError).status).toBe(429);
        expect((over as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect((over as RateLimitedError).message).not.toContain(token);

        // Anonymous requests are not failures; presented bad tokens are, per IP.
        for (let i = 0; i < 5; i++)
          expect(await authenticateWithinLimits(req(null, "10.0.0.2"), t.db)).toBeNull();
        for (let i = 0; i < 3; i++)
          expect(await authenticateWithinLimits(req("token esc_nope", "10.0.0.2"), t.db)).toBeNull();
        await expect(
          authenticateWithinLimits(req("token esc_nope", "10.0.0.2"), t.db),
        ).rejects.toBeInstanceOf(RateLimitedError);
        await expect(authenticateWithinLimits(req(null, "10.0.0.3"), t.db)).resolves.toBeNull();
      } finally {
        delete process.env.ESC_RATE_LIMIT_API_PER_MINUTE;
        delete process.env.ESC_RATE_LIMIT_TOKEN_FAILURES;
      }
    });
  });
}
