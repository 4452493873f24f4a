// Quoting for environment variables as text: the CLI's `--format dotenv` and `--format shell`,
// and the console's dotenv view (pure, so the browser runs the same code). Both print `NAME="value"`, like the reference,
// but escape what the consumer would otherwise interpret: for a POSIX shell `$`, backquote, `\`
// and `"` (the reference's Go %q leaves `$` live, so `"$(...)"` in a value would run); for dotenv
// files `\`, `"` and line breaks, which dotenv readers decode.

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isPortableName(name: string): boolean {
  return NAME.test(name);
}

export function dotenvQuote(value: string): string {
  return '"' + value.replace(/[\\"\n\r]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\" + c)) + '"';
}

export function shellQuote(value: string): string {
  return '"' + value.replace(/[\\"$`]/g, (c) => "\\" + c) + '"';
}

export function dotenvLine(name: string, value: string): string {
  return `${name}=${dotenvQuote(value)}`;
}

export function shellLine(name: string, value: string): string {
  return `export ${name}=${shellQuote(value)}`;
}
