// The coalesced counter against real databases, with two clients on one database standing in for
// two instances of the service.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { windowOf } from "./counter";
import { REFRESH_MS, flushTallies, hitCoalesced, hitNow, peekCached } from "./tally";

const stored = async (t: TestDatabase, key: string, windowMs = 60_000) =>
  (
    await t.db.rateLimitBucket.findUnique({
      where: { key_windowStart: { key, windowStart: windowOf({ limit: 1, windowMs }, Date.now()).start } },
    })
  )?.count ?? 0;

for (const kind of DATABASE_KINDS) {
  describe(`coalesced rate-limit counting on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(async () => {
      await flushTallies();
      await t.drop();
    });

    it("writes the first hit through, coalesces the rest, and loses none on flush", async () => {
      const rule = { limit: 1000, windowMs: 60_000 };
      for (let i = 0; i < 25; i++) expect((await hitCoalesced(t.db, "coalesce", rule)).limited).toBe(false);
      // Only the first hit reached the database so far: 24 are waiting for the flush.
      expect(await stored(t, "coalesce")).toBe(1);
      await flushTallies();
      expect(await stored(t, "coalesce")).toBe(25);
    });

    it("one instance admits exactly the limit, refuses only on the database's count, and stays refused", async () => {
      const rule = { limit: 7, windowMs: 60_000 };
      const verdicts = [];
      for (let i = 0; i < 10; i++) verdicts.push(await hitCoalesced(t.db, "single", rule));
      expect(verdicts.map((v) => v.limited)).toEqual([
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        true,
        true,
        true,
      ]);
      // The refusal was confirmed by the database: the count there was over the limit.
      expect(await stored(t, "single")).toBeGreaterThan(rule.limit);
      expect(verdicts[7].retryAfterSeconds).toBeGreaterThanOrEqual(1);
      await flushTallies();
      expect(await stored(t, "single")).toBe(10);
    });

    it("counts hits whose flush is still on its way (the timer's flush racing a request)", async () => {
      const rule = { limit: 5, windowMs: 60_000 };
      for (let i = 0; i < 5; i++) expect((await hitCoalesced(t.db, "in-flight", rule)).limited).toBe(false);
      const flushing = flushTallies(); // takes the 4 pending hits; not awaited
      expect((await hitCoalesced(t.db, "in-flight", rule)).limited).toBe(true);
      await flushing;
      expect(await stored(t, "in-flight")).toBe(6);
    });

    it("two instances: every refusal is justified by the shared count, over-admission is bounded, no count is lost", async () => {
      const rule = { limit: 20, windowMs: 60_000 };
      const other = createDb(t.url);
      try {
        let admitted = 0;
        let hits = 0;
        for (let i = 0; i < 40; i++) {
          for (const db of [t.db, other]) {
            const v = await hitCoalesced(db, "shared", rule);
            hits++;
            if (!v.limited) admitted++;
            else expect(await stored(t, "shared")).toBeGreaterThan(rule.limit);
          }
        }
        // Each instance admits at most the limit on its own estimate before the database says
        // no, so two instances admit at most twice the limit within one flush interval.
        expect(admitted).toBeGreaterThanOrEqual(rule.limit);
        expect(admitted).toBeLessThanOrEqual(2 * rule.limit);
        await flushTallies();
        expect(await stored(t, "shared")).toBe(hits);
      } finally {
        await other.$disconnect();
      }
    });

    it("failures count at once; another instance sees them within REFRESH_MS", async () => {
      const rule = { limit: 3, windowMs: 15 * 60_000 };
      const other = createDb(t.url);
      try {
        expect((await peekCached(other, "fail-ip", rule)).limited).toBe(false);
        for (let i = 0; i < 3; i++) await hitNow(t.db, "fail-ip", rule);
        expect(await stored(t, "fail-ip", rule.windowMs)).toBe(3);
        expect((await peekCached(t.db, "fail-ip", rule)).limited).toBe(true);
        await new Promise((r) => setTimeout(r, REFRESH_MS + 50));
        expect((await peekCached(other, "fail-ip", rule)).limited).toBe(true);
      } finally {
        await other.$disconnect();
      }
    });

    it("a limit of 0 is off and writes nothing", async () => {
      const off = { limit: 0, windowMs: 60_000 };
      expect((await hitCoalesced(t.db, "off", off)).limited).toBe(false);
      expect((await hitNow(t.db, "off", off)).limited).toBe(false);
      await flushTallies();
      expect(await t.db.rateLimitBucket.count({ where: { key: "off" } })).toBe(0);
    });
  });
}
