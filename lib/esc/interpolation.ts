// String interpolation parsing (SEMANTICS §3): `$$` escapes, `${…}` property accesses with the
// full accessor grammar, per-accessor source ranges for single-line plain scalars, and the
// reference's parse diagnostics with their exact ranges.
import type { Range } from "./contract";
import { syntaxError, type SyntaxDiagnostic } from "./diagnostics";
import { prefixMetrics, scalarSubRange, type PrefixMetrics, type StringNode } from "./syntax";

export interface PropertyName {
  kind: "name";
  name: string;
  range?: Range;
}
export interface PropertySubscript {
  kind: "subscript";
  index: string | number;
  range?: Range;
}
export type PropertyAccessor = PropertyName | PropertySubscript;

export interface PropertyAccess {
  accessors: PropertyAccessor[];
}

export interface InterpolationPart {
  text: string;
  value?: PropertyAccess;
}

const MISSING_BRACE = "missing closing brace '}' in interpolation";

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\v" || c === "\f";
}

/** Go strconv.ParseInt(s, 10, 64) acceptance. */
function parseDecimal(s: string): number | undefined {
  if (!/^[-+]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  if (!Number.isSafeInteger(n)) return undefined;
  return n;
}

export function parseInterpolation(node: StringNode): {
  parts: InterpolationPart[];
  diags: SyntaxDiagnostic[];
} {
  const s = node.value;
  const diags: SyntaxDiagnostic[] = [];
  // Most strings interpolate nothing: answer before building the parser's closures.
  if (!s.includes("$")) return { parts: [{ text: s }], diags };
  // Accessor ranges exist only for single-line plain scalars; metrics are computed once, lazily.
  let metrics: PrefixMetrics | undefined;
  const rangeOf = (start: number, end: number): Range | undefined => {
    if (!node.range || !node.plain || node.range.begin.line !== node.range.end.line) return undefined;
    metrics ??= prefixMetrics(s);
    return scalarSubRange(node, metrics, start, end);
  };
  const error = (start: number, end: number, summary: string) =>
    diags.push(syntaxError(rangeOf(start, end) ?? node.range, summary, node.path));

  const parts: InterpolationPart[] = [];
  let text = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== "$") {
      // Copy the run of literal text up to the next `$` in one go.
      const next = s.indexOf("$", i);
      const end = next < 0 ? s.length : next;
      text += s.slice(i, end);
      i = end;
      continue;
    }
    if (s[i + 1] === "$") {
      text += "$";
      i += 2;
      continue;
    }
    if (s[i + 1] === "{") {
      const { access, next } = parseAccess(i + 2);
      parts.push({ text, value: access });
      text = "";
      i = next;
      continue;
    }
    text += c;
    i++;
  }
  if (text !== "" || parts.length === 0) parts.push({ text });
  return { parts, diags };

  function parseAccess(start: number): { access: PropertyAccess; next: number } {
    const accessors: PropertyAccessor[] = [];
    let j = start;
    const finish = (next: number) => {
      if (accessors.length === 0) accessors.push({ kind: "name", name: "", range: rangeOf(start, start) });
      return { access: { accessors }, next };
    };
    for (;;) {
      if (j >= s.length) {
        error(j, j, MISSING_BRACE);
        return finish(j);
      }
      const c = s[j];
      if (c === "}") return finish(j + 1);
      if (isSpace(c)) {
        error(j, j, MISSING_BRACE);
        return finish(j);
      }
      if (c === "[") {
        j = parseSubscript(j, accessors);
        continue;
      }
      let nameStart = j;
      if (c === ".") nameStart = j + 1;
      let k = nameStart;
      while (k < s.length && s[k] !== "." && s[k] !== "[" && s[k] !== "}" && !isSpace(s[k])) k++;
      const name = s.slice(nameStart, k);
      if (c === "." && name === "") {
        error(j, j + 1, "property name must not be empty");
        j = k;
        continue;
      }
      accessors.push({ kind: "name", name, range: rangeOf(j, k) });
      j = k;
    }
  }

  /** Parses `[...]` at j; returns the index after it. */
  function parseSubscript(j: number, accessors: PropertyAccessor[]): number {
    if (s[j + 1] === '"') {
      let key = "";
      let k = j + 2;
      let closed = false;
      while (k < s.length) {
        if (s[k] === "\\" && s[k + 1] === '"') {
          key += '"';
          k += 2;
        } else if (s[k] === '"') {
          closed = true;
          k++;
          break;
        } else {
          key += s[k];
          k++;
        }
      }
      if (!closed) {
        error(j + 1, k, "key subscript is missing closing quote '\"'");
        error(j, k, "subscript is missing closing bracket ']'");
        return k;
      }
      if (key === "") error(j + 1, k, "key subscript must not be empty");
      if (s[k] !== "]") {
        error(j, k, "subscript is missing closing bracket ']'");
        accessors.push({ kind: "subscript", index: key, range: rangeOf(j, k) });
        return k;
      }
      accessors.push({ kind: "subscript", index: key, range: rangeOf(j, k + 1) });
      return k + 1;
    }
    let k = j + 1;
    while (k < s.length && s[k] !== "]" && s[k] !== "}") k++;
    const digits = s.slice(j + 1, k);
    const closed = s[k] === "]";
    if (!closed) error(j, k, "subscript is missing closing bracket ']'");
    const n = parseDecimal(digits);
    let index: string | number;
    if (n === undefined) {
      error(j + 1, k, "numeric subscript must be a positive base-10 integer");
      index = digits;
    } else {
      index = n;
      if (accessors.length === 0) {
        error(
          j,
          closed ? k + 1 : k,
          "the first accessor must be a property name or key subscript, not a numeric subscript",
        );
      }
    }
    accessors.push({ kind: "subscript", index, range: rangeOf(j, closed ? k + 1 : k) });
    return closed ? k + 1 : k;
  }
}
