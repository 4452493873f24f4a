// Views of an evaluated environment (wire `Value` trees, lib/esc/contract.ts) shared by the CLI
// and the console: plain JSON, the ToString rule (SEMANTICS.md §8.3), path lookup, and the
// projection of `environmentVariables` and `files` that `esc run`, `esc open --format dotenv`
// and the editor's Environment variables / Files / dotenv views all show.
import { compareCodePoints } from "./bytes";
import type { PlainValue, Value } from "./contract";
import { SECRET_MASK, UNKNOWN_MASK } from "./masks";
import type { PropertyPath } from "./property-path";
import { goQuote } from "./value";

export function isValueMap(v: Value["value"]): v is { [k: string]: Value } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** ToJSON: secrets become "[secret]" when redacting, unknowns "[unknown]"; keys sorted. */
export function toPlain(v: Value, redact: boolean): PlainValue {
  if (v.secret && redact) return SECRET_MASK;
  if (v.unknown) return UNKNOWN_MASK;
  const x = v.value;
  if (x === undefined || x === null) return null;
  if (Array.isArray(x)) return x.map((e) => toPlain(e, redact));
  if (isValueMap(x)) {
    const out: { [k: string]: PlainValue } = {};
    for (const k of Object.keys(x).sort()) out[k] = toPlain(x[k], redact);
    return out;
  }
  return x;
}

/** The ToString rule: scalars as text, containers as Go-quoted `"k"="v"` / `"a","b"` lists. */
export function valueToString(v: Value, redact = false): string {
  if (v.secret && redact) return SECRET_MASK;
  if (v.unknown) return UNKNOWN_MASK;
  const x = v.value;
  if (x === undefined || x === null) return "";
  if (Array.isArray(x)) return x.map((e) => goQuote(valueToString(e, redact))).join(",");
  if (isValueMap(x)) {
    return Object.keys(x)
      .sort(compareCodePoints)
      .map((k) => `${goQuote(k)}=${goQuote(valueToString(x[k], redact))}`)
      .join(",");
  }
  return String(x);
}

/** Looks a path up in a properties map; undefined when any step is missing. */
export function lookup(properties: Record<string, Value>, path: PropertyPath): Value | undefined {
  let cur: Value | undefined = { value: properties, trace: { def: zeroRange() } };
  for (const step of path) {
    const x: Value["value"] = cur?.value;
    if (typeof step === "number" && Array.isArray(x)) cur = x[step];
    else if (typeof step === "string" && isValueMap(x) && Object.prototype.hasOwnProperty.call(x, step))
      cur = x[step];
    else return undefined;
  }
  return cur;
}

export function zeroRange() {
  return { begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } };
}

export interface ProjectedEntry {
  name: string;
  /** The ToString of the value, unredacted: whoever shows it decides about masking. */
  text: string;
  secret: boolean;
  unknown: boolean;
}

export interface Projection {
  /** Sorted by name (UTF-8 byte order). */
  variables: ProjectedEntry[];
  files: ProjectedEntry[];
}

/** The top-level keys whose scalar entries are projected. */
export const PROJECTED_KEYS = { variables: "environmentVariables", files: "files" } as const;

/** The scalar top-level entries of `environmentVariables` and `files`, as the reference projects them. */
export function project(properties: Record<string, Value> | undefined): Projection {
  const pick = (key: string) => {
    const out: ProjectedEntry[] = [];
    const node = properties?.[key]?.value;
    if (!isValueMap(node)) return out;
    for (const name of Object.keys(node).sort(compareCodePoints)) {
      const entry = node[name];
      if (Array.isArray(entry.value) || isValueMap(entry.value)) continue; // only scalars are projected
      out.push({
        name,
        text: valueToString(entry),
        secret: Boolean(entry.secret),
        unknown: Boolean(entry.unknown),
      });
    }
    return out;
  };
  return { variables: pick(PROJECTED_KEYS.variables), files: pick(PROJECTED_KEYS.files) };
}
