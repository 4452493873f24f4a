// YAML text → syntax tree. Every node carries the reference's source range (SEMANTICS §9.3) and its
// YAML path (§9.4). Scalars are typed the way gopkg.in/yaml.v3 types them, not the way the `yaml`
// package would: we parse with the failsafe schema (everything is a string) and resolve plain
// scalars ourselves.
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YNode, Scalar } from "yaml";
import type { Range } from "./contract";
import { syntaxError, type SyntaxDiagnostic } from "./diagnostics";
import { joinKey } from "./paths";
import { PositionIndex, clusterWidth, graphemes, utf8Length } from "./positions";
import { GoNumber } from "./number";
import { decodeSimpleYAML } from "./simple-yaml";

interface NodeBase {
  range?: Range;
  path: string;
}
export interface NullNode extends NodeBase {
  kind: "null";
  /** End of a refused alias node (which has no range of its own) so its container still ends there. */
  aliasEnd?: Range["end"];
}
export interface BooleanNode extends NodeBase {
  kind: "boolean";
  value: boolean;
}
export interface NumberNode extends NodeBase {
  kind: "number";
  value: GoNumber;
}
export interface StringNode extends NodeBase {
  kind: "string";
  value: string;
  /** True for single-line plain scalars: only those get per-accessor ranges (§3.3). */
  plain: boolean;
}
export interface ArrayNode extends NodeBase {
  kind: "array";
  elements: SyntaxNode[];
}
export interface ObjectEntry {
  key: StringNode;
  value: SyntaxNode;
}
export interface ObjectNode extends NodeBase {
  kind: "object";
  entries: ObjectEntry[];
}
export type SyntaxNode = NullNode | BooleanNode | NumberNode | StringNode | ArrayNode | ObjectNode;

export interface DecodeResult {
  /** Undefined for an empty document. */
  node?: SyntaxNode;
  diags: SyntaxDiagnostic[];
}

/** Nesting deeper than this is refused with a diagnostic instead of risking the stack. */
export const MAX_DEPTH = 512;

/**
 * Per-index metrics of a string for accessor ranges: UTF-8 byte offset and display width of the
 * prefix ending at each JS string index. Computed once per string so long strings stay linear.
 */
export interface PrefixMetrics {
  bytes: Int32Array;
  widths: Int32Array;
}

export function prefixMetrics(value: string): PrefixMetrics {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(value)) {
    const ident = Int32Array.from({ length: value.length + 1 }, (_, i) => i);
    return { bytes: ident, widths: ident };
  }
  const bytes = new Int32Array(value.length + 1);
  const widths = new Int32Array(value.length + 1);
  let b = 0;
  let w = 0;
  let i = 0;
  for (const { segment } of graphemes(value)) {
    const cw = clusterWidth(segment);
    for (let j = 0; j < segment.length; j++) {
      bytes[i + j] = b + utf8Length(segment.slice(0, j));
      widths[i + j] = w;
    }
    i += segment.length;
    b += utf8Length(segment);
    w += cw;
  }
  bytes[i] = b;
  widths[i] = w;
  return { bytes, widths };
}

/** Range of `value[start:end]` (JS indices) of a single-line plain scalar (accessor ranges, §3.3). */
export function scalarSubRange(
  node: StringNode,
  m: PrefixMetrics,
  start: number,
  end: number,
): Range | undefined {
  if (!node.range || !node.plain || node.range.begin.line !== node.range.end.line) return undefined;
  const b = node.range.begin;
  return {
    environment: node.range.environment,
    begin: { line: b.line, column: b.column + m.widths[start], byte: b.byte + m.bytes[start] },
    end: { line: b.line, column: b.column + m.widths[end], byte: b.byte + m.bytes[end] },
  };
}

export function decodeYAML(filename: string, source: string): DecodeResult {
  // Most environments are in the subset the fast decoder handles; it gives up on anything else.
  const node = decodeSimpleYAML(filename, source);
  if (node) return { node, diags: [] };
  return decodeWithYamlPackage(filename, source);
}

/** The general decoder: the `yaml` package's document, converted node by node. */
export function decodeWithYamlPackage(filename: string, source: string): DecodeResult {
  let doc;
  try {
    doc = parseDocument(source, {
      schema: "failsafe",
      uniqueKeys: false,
      keepSourceTokens: false,
      prettyErrors: false,
      strict: false,
    });
  } catch (err) {
    return { diags: [syntaxError(undefined, `yaml: ${(err as Error).message}`, "")] };
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    // The yaml package reports its own stack overflow on very deep nesting as a parse error.
    if (/call stack/i.test(e.message))
      return { diags: [syntaxError(undefined, "yaml: the document is nested too deeply", "")] };
    // Errors found at the end of input are reported on the last line that has content.
    const end = source.trimEnd().length;
    const at = Math.min(e.pos?.[0] ?? 0, Math.max(0, end - 1));
    const line = new PositionIndex(source).lineColumn(at).line;
    const msg = yamlV3Message(e.code, e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""));
    return { diags: [syntaxError(undefined, `yaml: line ${line}: ${msg}`, "")] };
  }
  if (doc.contents === null) return { diags: [] };
  const decoder = new Decoder(filename, source);
  const node = decoder.decode(doc.contents as YNode, "", 0);
  return { node, diags: decoder.diags };
}

class Decoder {
  readonly diags: SyntaxDiagnostic[] = [];
  private readonly positions: PositionIndex;

  constructor(
    private readonly filename: string,
    private readonly source: string,
  ) {
    this.positions = new PositionIndex(source);
  }

  /** Start offset including node properties (anchor, tag), where yaml.v3 puts the node's column. */
  private startOffset(n: YNode): { offset: number; tag?: string } {
    let offset = n.range?.[0] ?? 0;
    if (isScalar(n) && n.range && n.range[0] === n.range[1]) {
      // An empty scalar sits right after its indicator (`-` or `:`) in yaml.v3.
      while (offset > 0 && (this.source[offset - 1] === " " || this.source[offset - 1] === "\t")) offset--;
      return { offset };
    }
    let tag: string | undefined;
    // Walk back over `&anchor` / `!tag` tokens separated by spaces.
    for (let guard = 0; guard < 4; guard++) {
      let i = offset;
      while (i > 0 && (this.source[i - 1] === " " || this.source[i - 1] === "\t")) i--;
      let j = i;
      while (j > 0 && !TOKEN_END.has(this.source[j - 1])) j--;
      const token = this.source.slice(j, i);
      if (j < i && (token.startsWith("!") || token.startsWith("&"))) {
        if (token.startsWith("!") && tag === undefined) tag = token;
        offset = j;
        continue;
      }
      break;
    }
    return { offset, tag };
  }

  private range(start: { line: number; column: number }, end: { line: number; column: number }): Range {
    return {
      environment: this.filename,
      begin: this.positions.pos(start.line, start.column),
      end: this.positions.pos(end.line, end.column),
    };
  }

  private scalarRange(n: YNode, value: string, literal: boolean): Range {
    const { offset, tag } = this.startOffset(n);
    const start = this.positions.lineColumn(offset);
    let line = start.line;
    let col = start.column;
    let rest = value;
    if (literal) {
      const parts = value.split("\n");
      line += parts.length - 1;
      rest = parts[parts.length - 1];
    }
    if (tag !== undefined) col += utf8Length(tag) + 1;
    return this.range(start, { line, column: col + utf8Length(rest) });
  }

  decode(n: YNode, pathString: string, depth: number): SyntaxNode {
    if (depth > MAX_DEPTH) {
      this.diags.push(
        syntaxError(undefined, `document nesting exceeds the maximum depth of ${MAX_DEPTH}`, pathString),
      );
      return { kind: "null", path: pathString };
    }
    if (isMap(n)) {
      const entries: ObjectEntry[] = [];
      for (const pair of n.items) {
        const keyNode = pair.key as YNode | null;
        const keyValue = keyNode && isScalar(keyNode) ? String(keyNode.value ?? "") : "";
        const childPath = joinKey(pathString, keyValue);
        const key = keyNode ? this.decode(keyNode, childPath, depth + 1) : this.nullAt(n, childPath);
        const value = pair.value
          ? this.decode(pair.value as YNode, childPath, depth + 1)
          : this.emptyValue(pair, keyNode, childPath);
        if (key.kind !== "string") {
          this.diags.push(syntaxError(key.range, "mapping keys must be strings", key.path));
          continue;
        }
        entries.push({ key, value });
      }
      const { offset } = this.startOffset(n);
      const start = this.positions.lineColumn(offset);
      const last = entries.length > 0 ? endOf(entries[entries.length - 1].value) : undefined;
      const range = last
        ? { environment: this.filename, begin: this.positions.pos(start.line, start.column), end: last }
        : this.range(start, start);
      return { kind: "object", entries, range, path: pathString };
    }
    if (isSeq(n)) {
      const elements = n.items.map((item, i) =>
        item
          ? this.decode(item as YNode, `${pathString}[${i}]`, depth + 1)
          : ({ kind: "null", path: `${pathString}[${i}]` } as NullNode),
      );
      const { offset } = this.startOffset(n);
      const start = this.positions.lineColumn(offset);
      const last = elements.length > 0 ? endOf(elements[elements.length - 1]) : undefined;
      const range = last
        ? { environment: this.filename, begin: this.positions.pos(start.line, start.column), end: last }
        : this.range(start, start);
      return { kind: "array", elements, range, path: pathString };
    }
    if (isAlias(n)) {
      const offset = n.range?.[0] ?? 0;
      const start = this.positions.lineColumn(offset);
      const range = this.range(start, { line: start.line, column: start.column + utf8Length(n.source) });
      this.diags.push(syntaxError(range, "alias nodes are not supported", pathString));
      return { kind: "null", path: pathString, aliasEnd: range.end };
    }
    if (isScalar(n)) {
      const s = n as Scalar;
      const text = String(s.value ?? "");
      const range = this.scalarRange(n, text, s.type === Scalar.BLOCK_LITERAL);
      const tagged = s.tag !== undefined && s.tag !== "";
      if (s.type === Scalar.PLAIN && !tagged) {
        const resolved = resolvePlain(text);
        if (resolved === null) return { kind: "null", range, path: pathString };
        if (typeof resolved === "boolean")
          return { kind: "boolean", value: resolved, range, path: pathString };
        if (resolved instanceof GoNumber) return { kind: "number", value: resolved, range, path: pathString };
      }
      const plain = s.type === Scalar.PLAIN && !tagged;
      return { kind: "string", value: text, plain, range, path: pathString };
    }
    return { kind: "null", path: pathString };
  }

  private nullAt(n: YNode, path: string): NullNode {
    const start = this.positions.lineColumn(n.range?.[0] ?? 0);
    return { kind: "null", range: this.range(start, start), path };
  }

  /** `key:` with nothing after it: a null whose range is a zero-width point after the key. */
  private emptyValue(pair: { key: unknown }, keyNode: YNode | null, path: string): NullNode {
    const end = keyNode?.range?.[1] ?? 0;
    let offset = end;
    if (this.source[offset] === ":") offset++;
    const start = this.positions.lineColumn(offset);
    void pair;
    return { kind: "null", range: this.range(start, start), path };
  }
}

function endOf(n: SyntaxNode): Range["end"] | undefined {
  return n.range?.end ?? (n.kind === "null" ? n.aliasEnd : undefined);
}

/**
 * yaml.v3's wording for the syntax errors users hit most, so messages read like the reference's
 * (`yaml: line 2: did not find expected ',' or ']'`); others keep the `yaml` package's text.
 * Line numbers are ours, yaml.v3's can differ by one.
 */
function yamlV3Message(code: string, message: string): string {
  if (code === "BAD_INDENT" && message.includes("end with a ]")) return "did not find expected ',' or ']'";
  if (code === "BAD_INDENT" && message.includes("end with a }")) return "did not find expected ',' or '}'";
  if (code === "MISSING_CHAR" && message.includes("quote")) return "found unexpected end of stream";
  if (code === "BLOCK_AS_IMPLICIT_KEY") return "mapping values are not allowed in this context";
  if (code === "TAB_AS_INDENT") return "found character that cannot start any token";
  return message;
}

const TOKEN_END = new Set([" ", "\t", "\n", "\r", ",", "[", "]", "{", "}"]);

const INT_RE = /^[-+]?(0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** yaml.v3's resolution of a plain scalar: null, boolean, a number, or undefined for a string. */
export function resolvePlain(s: string): null | boolean | GoNumber | undefined {
  switch (s) {
    case "":
    case "~":
    case "null":
    case "Null":
    case "NULL":
      return null;
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
  }
  if (INT_RE.test(s)) {
    const n = parseGoInt(s);
    if (n !== undefined) return GoNumber.fromBigInt(n);
  }
  if (FLOAT_RE.test(s)) {
    const f = Number(s);
    if (Number.isFinite(f)) return GoNumber.fromFloat(f);
  }
  // .inf and .nan resolve to floats in yaml.v3 but are kept as strings here.
  return undefined;
}

function parseGoInt(s: string): bigint | undefined {
  let sign = 1n;
  let t = s;
  if (t.startsWith("-") || t.startsWith("+")) {
    if (t[0] === "-") sign = -1n;
    t = t.slice(1);
  }
  let base = 10;
  let digits = t;
  const lower = t.toLowerCase();
  if (lower.startsWith("0x")) [base, digits] = [16, t.slice(2)];
  else if (lower.startsWith("0o")) [base, digits] = [8, t.slice(2)];
  else if (lower.startsWith("0b")) [base, digits] = [2, t.slice(2)];
  else if (t.length > 1 && t.startsWith("0")) [base, digits] = [8, t.slice(1)];
  // Go allows underscores only between digits with a base prefix (base 0 parsing).
  if (digits.includes("_")) {
    // Go (base 0) accepts underscores between digits only.
    if (/^_|__|_$/.test(digits) && !(digits.startsWith("_") && base !== 10 && !/__|_$/.test(digits)))
      return undefined;
    digits = digits.replace(/_/g, "");
  }
  if (digits === "") return undefined;
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[
    base as 2 | 8 | 10 | 16
  ];
  if (!valid.test(digits)) return undefined;
  const prefix = base === 16 ? "0x" : base === 8 ? "0o" : base === 2 ? "0b" : "";
  const v = sign * BigInt(prefix + digits);
  if (v < -(2n ** 63n) || v >= 2n ** 64n) return undefined;
  return v;
}
