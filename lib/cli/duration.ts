// Go time.Duration parsing and formatting: the open endpoint's `duration` query parameter is a Go
// duration string (the reference CLI always sends e.g. `2h0m0s`), and `--lifetime` accepts Go syntax.

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  "µs": 1e3,
  "μs": 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Parses a Go duration ("2h", "1h30m", "90s", "1.5h") into nanoseconds. Throws on bad input. */
export function parseGoDuration(text: string): number {
  const input = text.trim();
  if (input === "0") return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < input.length) {
    re.lastIndex = pos;
    const m = re.exec(input);
    if (!m) throw new Error(`invalid duration "${text}"`);
    total += Number(m[1]) * UNIT_NS[m[2]];
    pos = re.lastIndex;
  }
  if (input.length === 0 || !Number.isFinite(total)) throw new Error(`invalid duration "${text}"`);
  return Math.round(total);
}

/** Formats nanoseconds the way Go's Duration.String does ("2h0m0s", "1m30s", "1.5s", "500ms", "0s"). */
export function formatGoDuration(ns: number): string {
  if (!Number.isFinite(ns)) throw new Error("duration is not finite");
  const sign = ns < 0 ? "-" : "";
  let n = Math.abs(Math.round(ns));
  if (n === 0) return "0s";
  if (n < 1e9) {
    const [unit, size] = n < 1e3 ? ["ns", 1] : n < 1e6 ? ["µs", 1e3] : ["ms", 1e6];
    return sign + trimFraction(n / (size as number)) + unit;
  }
  const hours = Math.floor(n / 3600e9);
  n -= hours * 3600e9;
  const minutes = Math.floor(n / 60e9);
  n -= minutes * 60e9;
  const seconds = trimFraction(n / 1e9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

// Up to nanosecond precision without float noise (e.g. 1.5 not 1.5000000001).
function trimFraction(x: number): string {
  return Number(x.toFixed(9)).toString();
}
