// Name-ordered paging done in JavaScript, so the order (and so the `after` cursor) is the same
// byte order on SQLite and PostgreSQL whatever the database collation. Tag lists are small.
import { ValidationError } from "./errors";

export const byName = <T extends { name: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** Items sorted by name, strictly after `after` (if given), at most `count`. */
export function pageByName<T extends { name: string }>(
  items: T[],
  after: string | undefined,
  count: number,
): T[] {
  return items
    .filter((item) => !after || item.name > after)
    .sort(byName)
    .slice(0, count);
}

/** The page size a caller asked for (default and cap `max`); a bad count is the caller's error. */
export function pageSize(count: number | undefined, max: number): number {
  const size = count ?? max;
  if (!Number.isSafeInteger(size) || size < 0)
    throw new ValidationError("count must be a non-negative integer");
  return Math.min(size, max);
}
