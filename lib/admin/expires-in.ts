// Token lifetimes as people type them: 30d, 12h, 90m, 2w, 1y (or 1h30m).

const unitMs: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

/** Parses a lifetime into milliseconds; throws with a clear message when it is not one. */
export function parseExpiresIn(text: string): number {
  const input = text.trim().toLowerCase();
  if (!/^(\d{1,6}[mhdwy])+$/.test(input)) {
    throw new Error(`invalid lifetime "${text.slice(0, 40)}": use a number and a unit, e.g. 30d, 12h, 90m, 2w or 1y`);
  }
  let total = 0;
  for (const m of input.matchAll(/(\d+)([mhdwy])/g)) total += Number(m[1]) * unitMs[m[2]];
  if (total <= 0) throw new Error("the lifetime must be greater than zero");
  if (total > 10 * 365 * 86_400_000) throw new Error("the lifetime must be at most 10 years");
  return total;
}
