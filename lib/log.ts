// Structured logs: one JSON object per line on stdout (stderr for warn/error), so a log shipper
// can parse them without a format definition. Level from ESC_LOG_LEVEL (debug|info|warn|error,
// default info). Callers pass only fields that are safe to keep: never header values of
// Authorization or Cookie, never request or response bodies, never a value under fn::secret.
// `redact` is the last line of defence for field names that are sensitive whatever they hold.
import { randomUUID } from "node:crypto";

export type LogLevel = "debug" | "info" | "warn" | "error";
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** The configured threshold; an unknown ESC_LOG_LEVEL falls back to info rather than silence. */
export function logLevel(env: Readonly<Record<string, string | undefined>> = process.env): LogLevel {
  const value = env.ESC_LOG_LEVEL?.trim().toLowerCase();
  return value && value in LEVELS ? (value as LogLevel) : "info";
}

const SENSITIVE_FIELD = /authorization|cookie|password|secret|token|body|^value$/i;

/** Drops undefined fields and replaces fields whose name says they could hold a credential. */
export function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out[key] = SENSITIVE_FIELD.test(key) ? "[redacted]" : value;
  }
  return out;
}

export function log(level: LogLevel, msg: string, fields: LogFields = {}): void {
  if (LEVELS[level] < LEVELS[logLevel()]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...redact(fields) });
  if (LEVELS[level] >= LEVELS.warn) {
    flushPending();
    process.stderr.write(`${line}\n`);
  } else {
    pending += `${line}\n`;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushPending);
    }
  }
}

// Lines below warn leave in one write per turn of the event loop instead of one each: under load
// (a line per API request) each write to a pipe cost the loop as much as a database statement.
// They are written at the latest when the process exits, and before any warning or error.
let pending = "";
let flushScheduled = false;

function flushPending(): void {
  flushScheduled = false;
  if (pending === "") return;
  const text = pending;
  pending = "";
  process.stdout.write(text);
}

process.once("exit", flushPending);

// Letters, digits and - _ . : only, bounded: an incoming id is echoed in headers and logs, so it
// must not be able to smuggle a newline, a header or a megabyte into either.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-ID when well-formed, else a fresh UUID. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The route pattern of a request (`/api/esc/environments/[org]/[project]/[env]`): path segments
 * equal to a route parameter become its name, and the query string is dropped, so neither a
 * parameter nor a query value reaches the log.
 */
export function routePattern(
  url: string,
  params: Readonly<Record<string, string | string[]>> | undefined,
): string {
  // Next passes no params at all (undefined) to routes without dynamic segments.
  const remaining = Object.entries(params ?? {});
  const segments = new URL(url).pathname.split("/").map((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return segment;
    }
    const i = remaining.findIndex(([, v]) => (Array.isArray(v) ? v.includes(decoded) : v === decoded));
    if (i < 0) return segment;
    const [name] = remaining.splice(i, 1)[0];
    return `[${name}]`;
  });
  return segments.join("/");
}
