// The health route called directly (no server): an unreachable database gives a 503 with a
// message, not a crash or a hang.
import { afterEach, describe, expect, it } from "vitest";
import { GET } from "./route";

const original = process.env.DATABASE_URL;
afterEach(() => {
  process.env.DATABASE_URL = original;
});

describe("GET /api/health", () => {
  it("answers 503 when the database is unreachable", async () => {
    // A closed loopback port: the connection is refused at once.
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/none";
    const res = await GET();
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.message).toMatch(/database is unreachable/);
    expect(JSON.stringify(body)).not.toContain("127.0.0.1");
  });

  it("answers ok on a working database", async () => {
    const { createTestDatabase } = await import("@/lib/db/testing");
    const t = await createTestDatabase("sqlite");
    try {
      process.env.DATABASE_URL = t.url;
      const res = await GET();
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
    } finally {
      await t.drop();
    }
  });
});
