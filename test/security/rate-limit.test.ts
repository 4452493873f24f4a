// Rate limits end to end: a real server (scripts/serve.mjs) on SQLite and on PostgreSQL, with low limits so
// the 429 path is reached quickly. Checks status, Retry-After and the `{code, message}` body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { createUser } from "@/lib/auth/users";
import { createDb, type Db } from "@/lib/db/client";
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { startServer, type TestServer } from "../support/server";

const PASSWORD = "correct horse battery staple";

for (const kind of DATABASE_KINDS) {
  describe(`rate limits over HTTP on ${kind}`, () => {
    let server: TestServer;
    let pgDb: TestDatabase | undefined;
    let db: Db;
    let token: string;

    beforeAll(async () => {
      if (kind === "postgresql") pgDb = await createTestDatabase("postgresql");
      server = await startServer({
        env: {
          ESC_RATE_LIMIT_API_PER_MINUTE: "5",
          ESC_RATE_LIMIT_TOKEN_FAILURES: "4",
          ESC_RATE_LIMIT_SIGNIN_FAILURES: "3",
          ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
        },
      });
      db = pgDb ? pgDb.db : createDb(server.databaseUrl);
      const user = await createUser({ email: `rl-${kind}@example.com`, password: PASSWORD }, db);
      token = (await createAccessToken(user.id, { description: "rate limit test" }, db)).token;
    }, 600_000);

    afterAll(async () => {
      await server?.stop();
      if (pgDb) await pgDb.drop();
      else await db?.$disconnect();
    });

    const get = (auth: string | null, ip: string) =>
      fetch(`${server.url}/api/user`, {
        headers: { ...(auth ? { Authorization: auth } : {}), "X-Forwarded-For": ip },
      });

    async function expect429(res: Response) {
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      const body = (await res.json()) as { code: number; message: string };
      expect(body.code).toBe(429);
      expect(body.message).toMatch(/too many/i);
      return body;
    }

    it("answers 429 with Retry-After once a token makes more than its requests per minute", async () => {
      for (let i = 0; i < 5; i++) expect((await get(`token ${token}`, "10.1.0.1")).status).toBe(200);
      const body = await expect429(await get(`token ${token}`, "10.1.0.1"));
      expect(body.message).not.toContain(token);
      // The counter lives in the database, visible to any other instance.
      const rows = await db.rateLimitBucket.findMany({ where: { key: { startsWith: "api-token:" } } });
      expect(rows.map((r) => r.count)).toEqual([6]);
    });

    it("answers 429 to an address after too many failed tokens, while anonymous calls stay 401", async () => {
      const bad = `token esc_${"A".repeat(43)}`;
      for (let i = 0; i < 4; i++) expect((await get(bad, "10.1.0.2")).status).toBe(401);
      await expect429(await get(bad, "10.1.0.2"));
      expect((await get(null, "10.1.0.3")).status).toBe(401);
      expect((await get(bad, "10.1.0.4")).status).toBe(401);
    });

    it("locks an account out of sign-in after failed passwords: 429 even with the right one", async () => {
      const jar = await csrf();
      const signIn = (password: string, ip: string) =>
        fetch(`${server.url}/auth/callback/credentials`, {
          method: "POST",
          redirect: "manual",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Cookie: jar.cookie,
            "X-Forwarded-For": ip,
          },
          body: new URLSearchParams({ email: `rl-${kind}@example.com`, password, csrfToken: jar.token }),
        });
      for (let i = 0; i < 3; i++) {
        const res = await signIn("wrong password", `10.2.0.${i}`);
        expect(res.status).toBe(302);
        expect(res.headers.get("location")).toMatch(/error=CredentialsSignin/);
      }
      await expect429(await signIn(PASSWORD, "10.2.0.99"));
    });

    async function csrf(): Promise<{ token: string; cookie: string }> {
      const res = await fetch(`${server.url}/auth/csrf`);
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      return { token: csrfToken, cookie };
    }
  });
}
