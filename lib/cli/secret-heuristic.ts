// `esc env set` refuses values that look like credentials unless the user says --secret or
// --plaintext, so a pasted key does not land in plaintext by accident. Heuristic, like the
// reference: long, no whitespace, and high Shannon entropy.

export function looksLikeSecret(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  const n = [...value].length;
  for (const c of counts.values()) {
    const p = c / n;
    perChar -= p * Math.log2(p);
  }
  return perChar >= 3.0 && perChar * n >= 80;
}
