// Rate-limit counting for hot paths (every API request), coalesced per process, with the database
// buckets of counter.ts as the authority every instance shares.
//
// Counting each request with its own UPDATE + SELECT made a write transaction per request (on
// SQLite, one at a time for the whole server) and three queries per request. Here a process keeps,
// per key and window, the count it last read from the database plus the hits it admitted since,
// and adds those hits to the shared bucket in one UPDATE per key every FLUSH_MS:
//
// - The first hit of a key in a window on this process is written through, so the estimate starts
//   from the shared count.
// - A request is refused only when the database says the count is over the limit (the hit that
//   would cross the limit flushes at once and reads the shared count back), so nobody gets a 429
//   the shared count does not justify. Once refused, the key stays refused for the rest of the
//   window without asking again (counts only grow within a window).
// - Bounded over-admission: an instance does not see the hits other instances admitted since their
//   last flush, so across N instances a key can get at most the limit plus what the other N−1
//   instances admit in one FLUSH_MS before its own next flush (with one instance: exactly the
//   limit). Hits not yet flushed when a process dies are lost (at most FLUSH_MS of that process).
// - Peeks (is this key already over?) answer from memory for REFRESH_MS after the last read or
//   flush, so a count written by another instance is seen within REFRESH_MS.
import type { Db } from "@/lib/db/client";
import { addToBucket, storedCount, windowOf, type Rule, type Verdict } from "./counter";

/** How often admitted hits are added to the shared buckets. */
export const FLUSH_MS = 1_000;
/** How long a count read from the database answers peeks. */
export const REFRESH_MS = 1_000;
/** Entries with nothing pending are forgotten after this long without use. */
const IDLE_MS = 10_000;

interface Entry {
  key: string;
  windowStart: Date;
  windowEnd: number;
  /** The shared count as last read from the database (it includes our flushed hits). */
  known: number;
  /** Hits admitted here and not yet added to the database. */
  pending: number;
  /** Hits on their way to the database (a flush in progress): not in `known` yet. */
  inFlight: number;
  /** When `known` was read. */
  readAt: number;
  usedAt: number;
  /** Set while a flush of this entry is on its way; later flushes wait for it. */
  flushing?: Promise<void>;
}

const tallies = new Map<Db, Map<string, Entry>>();
let timer: ReturnType<typeof setInterval> | undefined;

function entryFor(db: Db, key: string, rule: Rule, now: number): { entry: Entry; fresh: boolean } {
  let byKey = tallies.get(db);
  if (!byKey) tallies.set(db, (byKey = new Map()));
  const { start } = windowOf(rule, now);
  const id = `${key}\u0000${start.getTime()}`;
  let entry = byKey.get(id);
  const fresh = !entry;
  if (!entry) {
    entry = {
      key,
      windowStart: start,
      windowEnd: start.getTime() + rule.windowMs,
      known: 0,
      pending: 0,
      inFlight: 0,
      readAt: -Infinity,
      usedAt: now,
    };
    byKey.set(id, entry);
  }
  entry.usedAt = now;
  timer ??= setInterval(() => void flushTallies().catch(() => {}), FLUSH_MS);
  timer.unref?.();
  return { entry, fresh };
}

/** The shared count as far as this process knows: read from the database plus our hits since. */
const estimate = (entry: Entry) => entry.known + entry.inFlight + entry.pending;

/** Adds the entry's pending hits to its bucket and reads the shared count back. */
async function flushEntry(db: Db, entry: Entry, now: number): Promise<void> {
  while (entry.flushing) await entry.flushing;
  const events = entry.pending;
  if (events === 0) return;
  entry.pending -= events;
  entry.inFlight += events;
  const flushing = addToBucket(db, entry.key, entry.windowStart, events, now).then(
    (count) => {
      entry.inFlight -= events;
      entry.known = Math.max(entry.known, count);
      entry.readAt = now;
    },
    (error: unknown) => {
      entry.inFlight -= events;
      entry.pending += events;
      throw error;
    },
  );
  entry.flushing = flushing.finally(() => (entry.flushing = undefined)).catch(() => {});
  await flushing;
}

/**
 * Adds every pending hit to the database now (the timer does this every FLUSH_MS) and forgets
 * entries of ended windows and idle ones. Tests and shutdown call it directly.
 */
export async function flushTallies(now = Date.now()): Promise<void> {
  const work: Promise<void>[] = [];
  for (const [db, byKey] of tallies) {
    for (const [id, entry] of byKey) {
      if (entry.pending > 0) work.push(flushEntry(db, entry, now).catch(() => {}));
      else if (!entry.flushing && (entry.windowEnd <= now || now - entry.usedAt > IDLE_MS)) byKey.delete(id);
    }
    if (byKey.size === 0) tallies.delete(db);
  }
  await Promise.all(work);
  if (tallies.size === 0 && timer) {
    clearInterval(timer);
    timer = undefined;
  }
}

/**
 * Counts one event for `key` (coalesced as described above); `limited` only when the database's
 * count for the window is over the rule's limit.
 */
export async function hitCoalesced(db: Db, key: string, rule: Rule, now = Date.now()): Promise<Verdict> {
  const { retryAfterSeconds } = windowOf(rule, now);
  if (rule.limit <= 0) return { count: 0, limited: false, retryAfterSeconds };
  const { entry, fresh } = entryFor(db, key, rule, now);
  entry.pending++;
  if (entry.known > rule.limit) return { count: estimate(entry), limited: true, retryAfterSeconds };
  if (fresh || estimate(entry) > rule.limit) await flushEntry(db, entry, now);
  const count = estimate(entry);
  return { count, limited: entry.known > rule.limit, retryAfterSeconds };
}

/** Counts one event for `key` in the database at once (rare events that must count exactly). */
export async function hitNow(db: Db, key: string, rule: Rule, now = Date.now()): Promise<Verdict> {
  const { retryAfterSeconds } = windowOf(rule, now);
  if (rule.limit <= 0) return { count: 0, limited: false, retryAfterSeconds };
  const { entry } = entryFor(db, key, rule, now);
  entry.pending++;
  await flushEntry(db, entry, now);
  const count = estimate(entry);
  return { count, limited: count > rule.limit, retryAfterSeconds };
}

/** The key's count in the current window without adding to it, at most REFRESH_MS old. */
export async function peekCached(db: Db, key: string, rule: Rule, now = Date.now()): Promise<Verdict> {
  const { retryAfterSeconds } = windowOf(rule, now);
  if (rule.limit <= 0) return { count: 0, limited: false, retryAfterSeconds };
  const { entry } = entryFor(db, key, rule, now);
  if (now - entry.readAt >= REFRESH_MS) {
    const count = await storedCount(db, key, entry.windowStart);
    entry.known = Math.max(entry.known, count);
    entry.readAt = now;
  }
  const count = estimate(entry);
  return { count, limited: count >= rule.limit, retryAfterSeconds };
}
