// Go's time.ParseDuration grammar ("1h30m", "90s", "1.5h", "-2m", "0"), because ESC documents
// write durations the way the Go reference reads them. Returns milliseconds.

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export function parseGoDuration(text: string): number {
  const fail = (): never => {
    throw new Error(`invalid duration ${JSON.stringify(text.slice(0, 50))} (expected a Go duration such as "1h", "45m" or "1h30m")`);
  };
  if (typeof text !== "string" || text.length === 0 || text.length > 100) fail();
  let rest = text;
  let sign = 1;
  if (rest[0] === "-" || rest[0] === "+") {
    if (rest[0] === "-") sign = -1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") fail();
  let total = 0;
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest.length > 0) {
    const m = part.exec(rest);
    if (!m) fail();
    total += Number(m![1]) * UNIT_MS[m![2]];
    rest = rest.slice(m![0].length);
  }
  return sign * total;
}
