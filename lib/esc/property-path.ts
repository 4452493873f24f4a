// Pulumi property paths: `a.b[0]["quoted \"key\""]`. Used for rotation paths, `?property=` in
// the REST API and `esc env get/set/rm <path>`.
//
// Grammar (Pulumi's `resource.ParsePropertyPath`, minus the looseness it tolerates but never
// documents, such as `a..b`, `[*]` wildcards or signed indices):
//
//   path     := first accessor*
//   first    := name | subscript
//   accessor := '.' name | subscript
//   name     := one or more characters other than '.' and '['
//   subscript:= '[' ( digits | '"' ( '\"' | any character but '"' )* '"' ) ']'
//
// Inside quotes only `\"` is an escape; any other backslash is literal (as in the reference).

export type PropertyPath = (string | number)[];

export class PropertyPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PropertyPathError";
  }
}

// Keys formatted without quotes, matching the document paths of SEMANTICS.md §9.4.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DIGITS = /^[0-9]+$/;
// Long inputs are legitimate (deep documents) but error messages quote only a bounded prefix.
const QUOTE_LIMIT = 80;

function fail(path: string, at: number, message: string): never {
  const shown = path.length > QUOTE_LIMIT ? `${path.slice(0, QUOTE_LIMIT)}…` : path;
  throw new PropertyPathError(`invalid property path ${JSON.stringify(shown)}: ${message} (at offset ${at})`);
}

export function parsePropertyPath(path: string): PropertyPath {
  if (typeof path !== "string") throw new PropertyPathError("property path must be a string");
  if (path === "") throw new PropertyPathError("invalid property path: the path is empty");
  const parts: PropertyPath = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === "[") {
      i = parseSubscript(path, i, parts);
      continue;
    }
    if (c === ".") {
      if (parts.length === 0) fail(path, i, "a path must start with a property name or a subscript");
      i++;
      if (i === path.length || path[i] === "." || path[i] === "[") fail(path, i, "expected a property name after '.'");
    } else if (parts.length > 0) {
      fail(path, i, "expected '.' or '[' after a subscript");
    }
    let end = i;
    while (end < path.length && path[end] !== "." && path[end] !== "[") end++;
    parts.push(path.slice(i, end));
    i = end;
  }
  return parts;
}

/** Parses `[…]` starting at `start` (which holds '['), pushes the part, returns the offset after ']'. */
function parseSubscript(path: string, start: number, parts: PropertyPath): number {
  if (path[start + 1] === '"') {
    let key = "";
    let i = start + 2;
    for (;;) {
      if (i >= path.length) fail(path, start, "missing closing quote in property name");
      const c = path[i];
      if (c === '"') break;
      if (c === "\\" && path[i + 1] === '"') {
        key += '"';
        i += 2;
      } else {
        key += c;
        i++;
      }
    }
    i++; // the closing quote
    if (path[i] !== "]") fail(path, i, "missing closing bracket in property access");
    parts.push(key);
    return i + 1;
  }
  const close = path.indexOf("]", start);
  if (close < 0) fail(path, start, "missing closing bracket in array index");
  const digits = path.slice(start + 1, close);
  if (!DIGITS.test(digits)) {
    fail(path, start + 1, "an array index must be a non-negative base-10 integer; quote keys as [\"key\"]");
  }
  const index = Number(digits);
  if (!Number.isSafeInteger(index)) fail(path, start + 1, "array index is too large");
  parts.push(index);
  return close + 1;
}

/**
 * The canonical form: identifier keys joined with dots, other keys as `["…"]` with `"` escaped,
 * indices as `[n]`. parsePropertyPath(formatPropertyPath(p)) equals p, except for a key that
 * ends with a backslash, which the grammar cannot express (the reference shares this gap).
 */
export function formatPropertyPath(parts: readonly (string | number)[]): string {
  let out = "";
  for (const part of parts) {
    if (typeof part === "number") {
      if (!Number.isSafeInteger(part) || part < 0) throw new PropertyPathError(`invalid array index ${part}`);
      out += `[${part}]`;
    } else if (IDENTIFIER.test(part)) {
      out += out === "" ? part : `.${part}`;
    } else {
      out += `["${part.replaceAll('"', '\\"')}"]`;
    }
  }
  return out;
}
