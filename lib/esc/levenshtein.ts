// Edit distance for "did you mean" suggestions and field-name ordering in diagnostics.

let prevRow = new Int32Array(64);
let curRow = new Int32Array(64);

const hasSurrogates = (s: string) => /[\uD800-\uDFFF]/.test(s);

/**
 * Levenshtein distance over code points. With `bound`, returns `bound` as soon as the distance
 * is known to be at least `bound` (suggestions only need "closer than"), which keeps a lookup
 * against thousands of keys cheap. Inputs longer than 512 code points give Infinity.
 */
export function levenshtein(a: string, b: string, bound = Infinity): number {
  if (hasSurrogates(a) || hasSurrogates(b)) {
    // Rare: compare code points through arrays.
    return distance(
      Array.from(a, (c) => c.codePointAt(0)!),
      Array.from(b, (c) => c.codePointAt(0)!),
      bound,
    );
  }
  return distance(a, b, bound);
}

function distance(a: string | number[], b: string | number[], bound: number): number {
  const n = a.length;
  const m = b.length;
  if (n > 512 || m > 512) return Infinity;
  if (Math.abs(n - m) >= bound) return bound;
  if (prevRow.length < m + 1) {
    prevRow = new Int32Array(m + 1);
    curRow = new Int32Array(m + 1);
  }
  let prev = prevRow;
  let cur = curRow;
  const at = (s: string | number[], i: number) => (typeof s === "string" ? s.charCodeAt(i) : s[i]);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = at(a, i - 1);
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1] + (ca === at(b, j - 1) ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      const v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= bound) return bound;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}
