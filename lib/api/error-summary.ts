// What the log may say about an unexpected error. Driver and network errors often quote what
// they were given: a connection string with its password, a header, a token. The summary keeps
// the class and code (enough to tell a database outage from a bug) and a short message with
// anything credential-shaped replaced.

export interface ErrorSummary {
  errorClass: string;
  /** Prisma (P2024…), PostgreSQL (57P01…) or Node (ECONNREFUSED…) codes, when present. */
  errorCode?: string;
  errorMessage: string;
}

const MAX_MESSAGE = 200;

const REDACTIONS: [RegExp, string][] = [
  // PEM blocks (private keys, certificates).
  [/-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g, "[redacted key]"],
  // user:password@ (or user@) in any URL: postgres://app:hunter2@db/esc → postgres://[redacted]@db/esc
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"']+@/gi, "$1[redacted]@"],
  // Query strings may carry tokens or signatures.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s?"']*)\?[^\s"']*/gi, "$1?[redacted]"],
  // Authorization schemes.
  [/\b(bearer|token|basic)\s+[^\s"',;]+/gi, "$1 [redacted]"],
  // key=value / key: value for names that say "secret".
  [
    /\b((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|authorization|credential)s?)\s*[=:]\s*("[^"]*"|'[^']*'|[^\s,;&]+)/gi,
    "$1=[redacted]",
  ],
  // Long runs of token-like characters (access tokens, keys, base64 blobs).
  [/[A-Za-z0-9+/_=-]{32,}/g, "[redacted]"],
];

export function redactMessage(message: string): string {
  let text = message.replace(/[\r\n\t]+/g, " ");
  for (const [pattern, replacement] of REDACTIONS) text = text.replace(pattern, replacement);
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

export function summarizeError(err: unknown): ErrorSummary {
  if (!(err instanceof Error))
    return { errorClass: typeof err, errorMessage: "a non-Error value was thrown" };
  const code = (err as { code?: unknown }).code;
  return {
    errorClass: (err.constructor?.name && err.constructor.name !== "Error"
      ? err.constructor.name
      : err.name
    ).slice(0, 80),
    ...(typeof code === "string" && /^[A-Za-z0-9_.-]{1,40}$/.test(code) ? { errorCode: code } : {}),
    // Redacted first, then cut: a cut could split a credential so a pattern no longer matches it.
    errorMessage: redactMessage(err.message.slice(0, 4000)),
  };
}
