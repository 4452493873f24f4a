// A read that rides along with environmentScope's one statement: columns (and joins) added to
// the permission check's SELECT, so a request learns who may do what and gets what it came for
// (the newest revision, an open session, the organization's key) in one round trip. On
// PostgreSQL each round trip is a write to another process and a turn in line behind every other
// request under load (BENCHMARKS.md, bench:load). What a join reads is handed back only once the
// permission check has passed.
import type { SqlParam } from "@/lib/db/fast-sql";

export interface ScopeJoin<T> {
  /**
   * Select-list entries, each starting with a comma, over the aliases `o` (the organization), `e`
   * (the environment) and the join's own; aliased with a prefix of their own so that no two
   * joins' columns collide.
   */
  columns: string;
  /** LEFT JOINs after the environment's; their `?` placeholders come first in `params`. */
  joins: string;
  params: readonly SqlParam[];
  /** What the columns say (called only when the environment exists). */
  read(row: Record<string, unknown>): T;
}

/** Joins by name; an undefined one is not read (and reads as undefined). */
export type ScopeJoins = Record<string, ScopeJoin<unknown> | undefined>;

/** What each join of `J` read. */
export type JoinedReads<J extends ScopeJoins> = {
  [K in keyof J]: J[K] extends ScopeJoin<infer T>
    ? T
    : J[K] extends ScopeJoin<infer T> | undefined
      ? T | undefined
      : never;
};
