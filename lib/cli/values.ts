// The CLI's own helpers over the wire Value trees returned by open and check: secret collection
// for output masking, `${path}` in `run` arguments, the reference's key order for `--format
// detailed`. What the console shares (ToJSON, ToString, lookup, the projection to environment
// variables and files) is in lib/esc/projection.ts.
import type { Value } from "./types";
import { parsePropertyPath, type PropertyPath } from "@/lib/esc/property-path";
import { isValueMap as isObject, lookup, valueToString, zeroRange } from "@/lib/esc/projection";

export function parsePath(text: string): PropertyPath {
  return parsePropertyPath(text);
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
      if (end < 0)
        throw new Error(`unterminated interpolation in argument: ${JSON.stringify(arg.slice(i, i + 40))}`);
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
  else if (isObject(x))
    out.value = Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, canonicalValue(x[k])]),
    );
  else if (x !== undefined) out.value = x;
  if (v.secret) out.secret = true;
  if (v.unknown) out.unknown = true;
  const def = v.trace?.def;
  out.trace = {
    def: def
      ? { ...(def.environment ? { environment: def.environment } : {}), begin: def.begin, end: def.end }
      : zeroRange(),
  };
  if (v.trace?.base) out.trace.base = canonicalValue(v.trace.base);
  return out;
}

/** Terminates a printed value with a newline unless it already ends with one. */
export function withNewline(text: string): string {
  return text.endsWith("\n") ? text : text + "\n";
}
