// Go duration strings ("2h0m0s", "1h30m", "90s", "1.5h"), as the CLI sends for `?duration=`.

const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses a Go duration into milliseconds; throws an Error with a clear message when invalid. */
export function parseGoDuration(text: string): number {
  const input = text.trim();
  if (input === "0") return 0;
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(input);
  if (!match || input.length > 64) throw new Error(`invalid duration "${text.slice(0, 64)}": expected a Go duration such as 2h0m0s, 30m or 90s`);
  let total = 0;
  for (const part of input.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * unitMs[part[2]];
  }
  return match[1] === "-" ? -total : total;
}
