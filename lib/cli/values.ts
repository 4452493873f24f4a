// Helpers over the wire Value trees returned by open and check (lib/esc/contract.ts `Value`):
// plain JSON, the ToString rule (SEMANTICS.md §8.3), path lookup, secret collection, and the
// projection to environment variables and files that `run` and `open --format` share.
import type { Value } from "./types";
import { parsePropertyPath, type PropertyPath } from "@/lib/esc/property-path";

export type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

function isObject(v: Value["value"]): v is { [k: string]: Value } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** ToJSON: secrets become "[secret]" when redacting, unknowns "[unknown]". */
export function toPlain(v: Value, redact: boolean): Plain {
  if (v.secret && redact) return "[secret]";
  if (v.unknown) return "[unknown]";
  const x = v.value;
  if (x === undefined || x === null) return null;
  if (Array.isArray(x)) return x.map((e) => toPlain(e, redact));
  if (isObject(x)) {
    const out: { [k: string]: Plain } = {};
    for (const k of Object.keys(x).sort()) out[k] = toPlain(x[k], redact);
    return out;
  }
  return x;
}

/** Go's strconv.Quote for the characters that matter here (quotes, backslashes, controls). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}

/** The ToString rule: scalars as text, containers as Go-quoted `"k"="v"` / `"a","b"` lists. */
export function valueToString(v: Value, redact = false): string {
  if (v.secret && redact) return "[secret]";
  if (v.unknown) return "[unknown]";
  const x = v.value;
  if (x === undefined || x === null) return "";
  if (Array.isArray(x)) return x.map((e) => goQuote(valueToString(e, redact))).join(",");
  if (isObject(x)) {
    return Object.keys(x)
      .sort(byteOrder)
      .map((k) => `${goQuote(k)}=${goQuote(valueToString(x[k], redact))}`)
      .join(",");
  }
  return String(x);
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export function parsePath(text: string): PropertyPath {
  return parsePropertyPath(text);
}

/** Looks a path up in a properties map; undefined when any step is missing. */
export function lookup(properties: Record<string, Value>, path: PropertyPath): Value | undefined {
  let cur: Value | undefined = { value: properties, trace: { def: zeroRange() } };
  for (const step of path) {
    const x: Value["value"] = cur?.value;
    if (typeof step === "number" && Array.isArray(x)) cur = x[step];
    else if (typeof step === "string" && isObject(x) && Object.prototype.hasOwnProperty.call(x, step)) cur = x[step];
    else return undefined;
  }
  return cur;
}

function zeroRange() {
  return { begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } };
}

/** Every secret leaf (and secret subtree, as its ToString) in the tree. */
export function collectSecrets(v: Value | undefined, into: Set<string> = new Set()): Set<string> {
  if (!v) return into;
  const x = v.value;
  if (v.secret && !v.unknown) {
    into.add(valueToString(v));
  }
  if (Array.isArray(x)) for (const e of x) collectSecrets(e, into);
  else if (isObject(x)) for (const e of Object.values(x)) collectSecrets(e, into);
  return into;
}

export interface Projection {
  /** Sorted by name; values already ToString'd. */
  variables: { name: string; value: string; secret: boolean }[];
  files: { name: string; content: string; secret: boolean }[];
}

/** The scalar top-level entries of `environmentVariables` and `files`, as the reference projects them. */
export function project(properties: Record<string, Value> | undefined): Projection {
  const pick = (key: string) => {
    const out: { name: string; text: string; secret: boolean }[] = [];
    const node = properties?.[key]?.value;
    if (!isObject(node)) return out;
    for (const name of Object.keys(node).sort(byteOrder)) {
      const entry = node[name];
      if (Array.isArray(entry.value) || isObject(entry.value)) continue; // only scalars are projected
      out.push({ name, text: valueToString(entry), secret: Boolean(entry.secret) });
    }
    return out;
  };
  return {
    variables: pick("environmentVariables").map((e) => ({ name: e.name, value: e.text, secret: e.secret })),
    files: pick("files").map((e) => ({ name: e.name, content: e.text, secret: e.secret })),
  };
}

/**
 * Replaces `${path}` in a command argument with the ToString of that property; `$${` escapes.
 * Secret values used here are added to `secrets` so the output filter masks them too.
 */
export function interpolateArg(arg: string, properties: Record<string, Value>, secrets: Set<string>): string {
  let out = "";
  let i = 0;
  while (i < arg.length) {
    if (arg.startsWith("$${", i)) {
      out += "${";
      i += 3;
      continue;
    }
    if (arg.startsWith("${", i)) {
      const end = arg.indexOf("}", i + 2);
      if (end < 0) throw new Error(`unterminated interpolation in argument: ${JSON.stringify(arg.slice(i, i + 40))}`);
      const pathText = arg.slice(i + 2, end);
      const value = lookup(properties, parsePath(pathText));
      if (!value) throw new Error(`unknown property "${pathText}" in command argument`);
      const text = valueToString(value);
      if (value.secret) secrets.add(text);
      collectSecrets(value, secrets);
      out += text;
      i = end + 1;
      continue;
    }
    out += arg[i++];
  }
  return out;
}

/** A Value with its keys in the reference's order (value, secret, unknown, trace{def{environment, begin, end}, base}). */
export function canonicalValue(v: Value): Value {
  const out: Value = {} as Value;
  const x = v.value;
  if (Array.isArray(x)) out.value = x.map(canonicalValue);
  else if (isObject(x)) out.value = Object.fromEntries(Object.keys(x).sort().map((k) => [k, canonicalValue(x[k])]));
  else if (x !== undefined) out.value = x;
  if (v.secret) out.secret = true;
  if (v.unknown) out.unknown = true;
  const def = v.trace?.def;
  out.trace = { def: def ? { ...(def.environment ? { environment: def.environment } : {}), begin: def.begin, end: def.end } : zeroRange() };
  if (v.trace?.base) out.trace.base = canonicalValue(v.trace.base);
  return out;
}

/** Terminates a printed value with a newline unless it already ends with one. */
export function withNewline(text: string): string {
  return text.endsWith("\n") ? text : text + "\n";
}
