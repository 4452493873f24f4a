// Go time.Duration strings ("2h0m0s", "1h30m", "90s", "1.5h", "-5m"), the one parser and formatter
// for every caller: the API's `?duration=` on open, the CLI's `--lifetime`, provider inputs such as
// aws-login's `duration`, and ESC_OIDC_KEY_OVERLAP. Values are milliseconds (fractions allowed,
// so "500us" is 0.5); formatting works in whole nanoseconds like Go. Pure code, no Node APIs, so
// it runs in the CLI bundle, the server and the evaluator alike.

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign
  μs: 1e-3, // U+03BC Greek mu
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const MAX_INPUT = 64;
// Go's limit: a Duration is an int64 of nanoseconds (about 292 years).
const MAX_MS = 9_223_372_036_854.775;

/** Parses a Go duration into milliseconds; throws an Error with a clear message when invalid. */
export function parseGoDuration(text: string): number {
  const input = text.trim();
  const invalid = () =>
    new Error(
      `invalid duration "${text.slice(0, MAX_INPUT)}": expected a Go duration such as 2h0m0s, 30m or 90s`,
    );
  if (input.length === 0 || input.length > MAX_INPUT) throw invalid();
  const sign = input[0] === "-" ? -1 : 1;
  const body = input[0] === "-" || input[0] === "+" ? input.slice(1) : input;
  if (body === "0") return 0;
  // Sticky: each number+unit must start exactly where the previous one ended.
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < body.length) {
    part.lastIndex = pos;
    const m = part.exec(body);
    if (!m) throw invalid();
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = part.lastIndex;
  }
  if (pos === 0 || !(total <= MAX_MS)) throw invalid();
  return sign * total;
}

/** Formats milliseconds the way Go's Duration.String does ("2h0m0s", "1m30s", "1.5s", "500ms", "0s"). */
export function formatGoDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new Error("duration is not finite");
  const sign = ms < 0 ? "-" : "";
  let n = Math.abs(Math.round(ms * 1e6)); // nanoseconds
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

// Up to nanosecond precision without float noise (1.5, not 1.5000000001).
function trimFraction(x: number): string {
  return Number(x.toFixed(9)).toString();
}
