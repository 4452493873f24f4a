// "Did you mean" suggestions for unknown property names (SEMANTICS §4.2): the closest key within
// edit distance < (len+1)/2, compared case-insensitively with underscores ignored.
import { levenshtein } from "./levenshtein";

const normalizedKeys = new WeakMap<Map<string, unknown>, [string, string][]>();

const normalizeKey = (s: string) => s.toLowerCase().replace(/_/g, "");

/** The closest key within edit distance < (len+1)/2 of `key` (case-insensitive, underscores ignored). */
export function suggest(key: string, keys: Map<string, unknown>): string | undefined {
  let candidates = normalizedKeys.get(keys);
  if (!candidates) {
    candidates = [...keys.keys()].map((k) => [k, normalizeKey(k)]);
    normalizedKeys.set(keys, candidates);
  }
  const nkey = normalizeKey(key);
  const limit = (key.length + 1) / 2;
  let best: string | undefined;
  let bestDist = Infinity;
  for (const [k, nk] of candidates) {
    const d = levenshtein(nkey, nk, Math.min(limit, bestDist));
    if (d < limit && d < bestDist) {
      best = k;
      bestDist = d;
    }
  }
  return best;
}
