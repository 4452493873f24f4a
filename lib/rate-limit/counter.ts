// Fixed-window counters in the database (model RateLimitBucket), so that every instance of the
// service sharing one PostgreSQL database sees the same counts. A window is `windowMs` long and
// starts at a multiple of it; a key's count in the current window decides whether it is over.
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";

export interface Rule {
  /** How many events a key may have per window; 0 or less turns the rule off. */
  limit: number;
  windowMs: number;
}

export interface Verdict {
  /** Events counted for the key in the current window (including this one, for `hit`). */
  count: number;
  limited: boolean;
  /** Whole seconds until the current window ends (at least 1): the Retry-After value. */
  retryAfterSeconds: number;
}

/** Windows older than this are deleted now and then; no rule has a longer window. */
const KEEP_MS = 24 * 60 * 60 * 1000;
/** One `hit` in this many also sweeps expired buckets, so the table stays small without a job. */
const SWEEP_EVERY = 200;

/** The window that `now` falls in for `rule`: its start and the Retry-After until it ends. */
export function windowOf(rule: Rule, now: number) {
  const start = Math.floor(now / rule.windowMs) * rule.windowMs;
  return {
    start: new Date(start),
    retryAfterSeconds: Math.max(1, Math.ceil((start + rule.windowMs - now) / 1000)),
  };
}

/** The count stored for `key` in the window starting at `windowStart` (0 when none). */
export async function storedCount(db: Db, key: string, windowStart: Date): Promise<number> {
  const row = await db.rateLimitBucket.findUnique({
    where: { key_windowStart: { key, windowStart } },
    select: { count: true },
  });
  return row?.count ?? 0;
}

/** The key's count in the current window without adding to it. */
export async function peek(db: Db, key: string, rule: Rule, now = Date.now()): Promise<Verdict> {
  const { start, retryAfterSeconds } = windowOf(rule, now);
  if (rule.limit <= 0) return { count: 0, limited: false, retryAfterSeconds };
  const count = await storedCount(db, key, start);
  return { count, limited: count >= rule.limit, retryAfterSeconds };
}

/** Counts one event for `key`; `limited` when this event goes over the rule's limit. */
export async function hit(db: Db, key: string, rule: Rule, now = Date.now()): Promise<Verdict> {
  const { start, retryAfterSeconds } = windowOf(rule, now);
  if (rule.limit <= 0) return { count: 0, limited: false, retryAfterSeconds };
  const count = await addToBucket(db, key, start, 1, now);
  return { count, limited: count > rule.limit, retryAfterSeconds };
}

/**
 * Adds `events` to the bucket of `key` for the window starting at `windowStart` and returns the
 * new count. The UPDATE is a single atomic statement on both databases; the first event of a
 * window creates the row, and when two instances race to create it the loser's unique violation
 * sends it back to the UPDATE. Now and then it also sweeps expired buckets.
 */
export async function addToBucket(
  db: Db,
  key: string,
  windowStart: Date,
  events: number,
  now = Date.now(),
): Promise<number> {
  const count = await increment(db, key, windowStart, events);
  if (Math.random() * SWEEP_EVERY < 1) await sweep(db, now);
  return count;
}

async function increment(db: Db, key: string, windowStart: Date, events: number): Promise<number> {
  const where = { key_windowStart: { key, windowStart } };
  for (let attempt = 0; ; attempt++) {
    const updated = await db.rateLimitBucket.updateMany({
      where: { key, windowStart },
      data: { count: { increment: events } },
    });
    if (updated.count === 0) {
      try {
        await db.rateLimitBucket.create({ data: { key, windowStart, count: events } });
        return events;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
        continue;
      }
    }
    const row = await db.rateLimitBucket.findUnique({ where, select: { count: true } });
    return row?.count ?? events;
  }
}

/** Clears a key's current window (e.g. after a successful sign-in). */
export async function reset(db: Db, key: string, rule: Rule, now = Date.now()): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key, windowStart: windowOf(rule, now).start } });
}

export async function sweep(db: Db, now = Date.now()): Promise<number> {
  const res = await db.rateLimitBucket.deleteMany({
    where: { windowStart: { lt: new Date(now - KEEP_MS) } },
  });
  return res.count;
}
