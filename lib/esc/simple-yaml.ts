// A fast decoder for the plain subset of YAML that environments are almost always written in:
// block mappings and sequences, single-line plain and quoted scalars, comments, and flow
// collections that open and close on one line. It builds the same syntax tree (values, source
// ranges, paths) as the general decoder in syntax.ts, several times faster than the `yaml`
// package, whose parser dominated the cost of evaluating large documents.
//
// It only ever answers for input it is sure about: anchors, aliases, tags, block scalars,
// multi-line scalars or flow collections, directives, document markers, tabs, CRs, unusual
// characters, keys that are not strings and anything that would be a YAML error make it give up
// (return undefined), and the caller decodes with the `yaml` package instead, which then also
// produces the diagnostics. lib/esc/simple-yaml.test.ts checks both decoders agree.
import type { Range } from "./contract";
import { joinKey } from "./paths";
import { PositionIndex, utf8Length } from "./positions";
import {
  resolvePlain,
  type ArrayNode,
  type ObjectEntry,
  type ObjectNode,
  type StringNode,
  type SyntaxNode,
} from "./syntax";

/** Thrown inside the decoder when the input leaves the subset; never escapes this module. */
const GIVE_UP = new Error("not in the simple YAML subset");

/** Nesting deeper than this is left to the general decoder (which reports MAX_DEPTH). */
const MAX_SIMPLE_DEPTH = 100;

/** The `yaml` package refuses implicit keys longer than 1024 characters; leave those to it. */
const MAX_KEY_LENGTH = 1000;

/**
 * Anything but printable BMP characters (and line feeds) sends the document to the general
 * decoder: tabs, CRs, control characters, NEL, line/paragraph separators, surrogates, BOMs.
 */
const UNUSUAL = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;

const SPACE = 0x20;
const NL = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;

/** Characters that cannot start a plain scalar here (YAML indicators, or ones we leave alone). */
function isIndicator(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ ` <
  return (
    c === DASH ||
    c === 0x3f ||
    c === COLON ||
    c === COMMA ||
    c === LBRACKET ||
    c === RBRACKET ||
    c === LBRACE ||
    c === RBRACE ||
    c === HASH ||
    c === 0x26 ||
    c === 0x2a ||
    c === 0x21 ||
    c === 0x7c ||
    c === 0x3e ||
    c === SQUOTE ||
    c === DQUOTE ||
    c === 0x25 ||
    c === 0x40 ||
    c === 0x60 ||
    c === 0x3c
  );
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

const ESCAPES: { [c: string]: string } = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
};

/** A content line: where it starts, its indentation and where its content starts. */
interface Line {
  start: number;
  indent: number;
  content: number;
}

/** A scalar token: its decoded text, where it starts and ends in the source, and its style. */
interface ScalarToken {
  text: string;
  start: number;
  end: number;
  plain: boolean;
}

/** Decodes `source` if it is in the subset; undefined means "use the general decoder". */
export function decodeSimpleYAML(filename: string, source: string): SyntaxNode | undefined {
  if (UNUSUAL.test(source)) return undefined;
  try {
    return new SimpleDecoder(filename, source).document();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

class SimpleDecoder {
  private readonly positions: PositionIndex;
  private readonly src: string;
  private readonly len: number;

  constructor(
    private readonly filename: string,
    source: string,
  ) {
    this.src = source;
    this.len = source.length;
    this.positions = new PositionIndex(source);
  }

  document(): SyntaxNode {
    const first = this.contentLine(0);
    // Empty documents, top-level scalars, flow collections and sequences are rare: general path.
    if (!first || first.indent !== 0) throw GIVE_UP;
    const c = this.src.charCodeAt(first.content);
    if (c === DASH || c === LBRACE || c === LBRACKET) throw GIVE_UP;
    const { node, next } = this.blockMap(first, first.content, "", 0);
    if (next) throw GIVE_UP;
    return node;
  }

  // ---- lines ----

  /** The first line at or after `from` (a line start) with content other than a comment. */
  private contentLine(from: number): Line | undefined {
    const s = this.src;
    let start = from;
    while (start < this.len) {
      let i = start;
      while (s.charCodeAt(i) === SPACE) i++;
      const c = s.charCodeAt(i);
      if (i < this.len && c !== NL && c !== HASH) {
        // Document markers and directives at the start of a line.
        if (i === start && (s.startsWith("---", i) || s.startsWith("...", i))) throw GIVE_UP;
        return { start, indent: i - start, content: i };
      }
      const nl = s.indexOf("\n", i);
      if (nl < 0) return undefined;
      start = nl + 1;
    }
    return undefined;
  }

  /** After a value that ends at `end`: only spaces and a comment may follow on its line. */
  private endOfLine(end: number): number {
    const s = this.src;
    let i = end;
    while (s.charCodeAt(i) === SPACE) i++;
    if (i >= this.len) return this.len;
    const c = s.charCodeAt(i);
    if (c === NL) return i + 1;
    // A comment must be separated from the value by a space.
    if (c === HASH && i > end) {
      const nl = s.indexOf("\n", i);
      return nl < 0 ? this.len : nl + 1;
    }
    throw GIVE_UP;
  }

  // ---- block collections ----

  /**
   * A block mapping whose keys sit at the indentation of `line` (`first` is where its first key
   * starts: the line's content, or after `- ` for a mapping inside a sequence item).
   * Returns the next content line after it (undefined at the end of the document).
   */
  private blockMap(
    line: Line,
    first: number,
    path: string,
    depth: number,
  ): { node: ObjectNode; next?: Line } {
    if (depth > MAX_SIMPLE_DEPTH) throw GIVE_UP;
    const indent = first - line.start;
    const entries: ObjectEntry[] = [];
    let at = first;
    let next: Line | undefined;
    for (;;) {
      const k = this.key(at);
      if (!k) throw GIVE_UP;
      const childPath = joinKey(path, k.text);
      const key = this.stringNode(k, childPath);
      const colon = k.end;
      let i = colon + 1;
      while (this.src.charCodeAt(i) === SPACE) i++;
      let value: SyntaxNode;
      const c = this.src.charCodeAt(i);
      if (i >= this.len || c === NL || (c === HASH && i > colon + 1)) {
        // `key:` alone: a nested block, a sequence at the key's own indentation, or null.
        const after = this.endOfLine(colon + 1);
        next = this.contentLine(after);
        if (next && next.indent > indent) {
          const nested = this.nestedBlock(next, childPath, depth + 1);
          value = nested.node;
          next = nested.next;
        } else if (next && next.indent === indent && this.isSeqItem(next.content)) {
          const nested = this.blockSeq(next, childPath, depth + 1);
          value = nested.node;
          next = nested.next;
        } else {
          value = this.emptyNull(colon + 1, childPath);
        }
      } else {
        const v = this.inlineValue(i, childPath, depth + 1);
        value = v.node;
        next = this.contentLine(this.endOfLine(v.end));
      }
      entries.push({ key, value });
      if (!next || next.indent < indent) break;
      if (next.indent > indent) throw GIVE_UP;
      // A sequence item where a key is expected ends a mapping nested in a sequence at the
      // same column; anywhere else it is an error. Either way the caller decides.
      if (this.isSeqItem(next.content)) break;
      at = next.content;
    }
    const last = entries[entries.length - 1].value;
    const range: Range = { environment: this.filename, begin: this.pos(first), end: last.range!.end };
    return { node: { kind: "object", entries, range, path }, next };
  }

  /** A block sequence whose `-` indicators sit at the indentation of `line`. */
  private blockSeq(line: Line, path: string, depth: number): { node: ArrayNode; next?: Line } {
    if (depth > MAX_SIMPLE_DEPTH) throw GIVE_UP;
    const indent = line.indent;
    const elements: SyntaxNode[] = [];
    let cur: Line = line;
    let next: Line | undefined;
    for (;;) {
      const dash = cur.content;
      const itemPath = `${path}[${elements.length}]`;
      let i = dash + 1;
      while (this.src.charCodeAt(i) === SPACE) i++;
      const c = this.src.charCodeAt(i);
      if (i >= this.len || c === NL || (c === HASH && i > dash + 1)) {
        next = this.contentLine(this.endOfLine(dash + 1));
        if (!next || next.indent <= indent) throw GIVE_UP; // an empty item: rare, general path
        const nested = this.nestedBlock(next, itemPath, depth + 1);
        elements.push(nested.node);
        next = nested.next;
      } else if (this.isSeqItem(i)) {
        throw GIVE_UP; // `- - x`
      } else if (this.key(i)) {
        // `- key: value`: a mapping whose keys line up with this first one.
        const nested = this.blockMap(cur, i, itemPath, depth + 1);
        elements.push(nested.node);
        next = nested.next;
      } else {
        const v = this.inlineValue(i, itemPath, depth + 1);
        elements.push(v.node);
        next = this.contentLine(this.endOfLine(v.end));
      }
      if (!next || next.indent < indent) break;
      if (next.indent > indent) throw GIVE_UP;
      if (!this.isSeqItem(next.content)) break;
      cur = next;
    }
    const last = elements[elements.length - 1];
    const range: Range = { environment: this.filename, begin: this.pos(line.content), end: last.range!.end };
    return { node: { kind: "array", elements, range, path }, next };
  }

  /** The block collection on `line`, more indented than its parent. */
  private nestedBlock(line: Line, path: string, depth: number): { node: SyntaxNode; next?: Line } {
    if (this.isSeqItem(line.content)) return this.blockSeq(line, path, depth);
    return this.blockMap(line, line.content, path, depth);
  }

  private isSeqItem(at: number): boolean {
    if (this.src.charCodeAt(at) !== DASH) return false;
    const c = this.src.charCodeAt(at + 1);
    return at + 1 >= this.len || c === SPACE || c === NL;
  }

  /** A mapping key at `at` followed by `:` and a space or line end; `end` is the colon. */
  private key(at: number): ScalarToken | undefined {
    const s = this.src;
    const c = s.charCodeAt(at);
    let tok: ScalarToken;
    if (c === DQUOTE || c === SQUOTE) {
      tok = this.quoted(at);
    } else {
      if (isIndicator(c)) return undefined;
      let i = at;
      for (;;) {
        if (i >= this.len) return undefined;
        const ch = s.charCodeAt(i);
        if (ch === NL) return undefined;
        if (ch === COLON) {
          const n = s.charCodeAt(i + 1);
          if (i + 1 >= this.len || n === SPACE || n === NL) break;
        } else if (ch === HASH && s.charCodeAt(i - 1) === SPACE) return undefined;
        i++;
      }
      // `key :` (space before the colon) is valid YAML but left to the general decoder.
      if (s.charCodeAt(i - 1) === SPACE) throw GIVE_UP;
      tok = { text: s.slice(at, i), start: at, end: i, plain: true };
      if (resolvePlain(tok.text) !== undefined) throw GIVE_UP; // a non-string key
    }
    if (tok.end - at > MAX_KEY_LENGTH) throw GIVE_UP;
    if (!tok.plain) {
      const n = s.charCodeAt(tok.end + 1);
      if (s.charCodeAt(tok.end) !== COLON || !(tok.end + 1 >= this.len || n === SPACE || n === NL))
        return undefined;
    }
    return tok;
  }

  // ---- values on one line ----

  /** A scalar or flow collection at `at` in block context; `end` is just after it. */
  private inlineValue(at: number, path: string, depth: number): { node: SyntaxNode; end: number } {
    const c = this.src.charCodeAt(at);
    if (c === LBRACKET || c === LBRACE) return this.flow(at, path, depth);
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quoted(at);
      return { node: this.stringNode(q, path), end: q.end };
    }
    const p = this.plainBlock(at);
    return { node: this.scalarNode(p, path), end: p.end };
  }

  /** A single-line plain scalar in block context (not a key). */
  private plainBlock(at: number): ScalarToken {
    const s = this.src;
    const c = s.charCodeAt(at);
    if (isIndicator(c)) {
      // `-x` is a plain scalar; every other indicator is left to the general decoder.
      const n = s.charCodeAt(at + 1);
      if (c !== DASH || at + 1 >= this.len || n === SPACE || n === NL) throw GIVE_UP;
    }
    let i = at;
    let end = at;
    while (i < this.len) {
      const ch = s.charCodeAt(i);
      if (ch === NL) break;
      if (ch === HASH && s.charCodeAt(i - 1) === SPACE) break;
      if (ch === COLON) {
        // `a: b: c` is an error and `a: b:` a nested mapping; neither is ours.
        const n = s.charCodeAt(i + 1);
        if (i + 1 >= this.len || n === SPACE || n === NL) throw GIVE_UP;
      }
      if (ch !== SPACE) end = i + 1;
      i++;
    }
    return { text: s.slice(at, end), start: at, end, plain: true };
  }

  /** A single-line quoted scalar at `at`; `end` is just after the closing quote. */
  private quoted(at: number): ScalarToken {
    const s = this.src;
    const q = s.charCodeAt(at);
    let text = "";
    let i = at + 1;
    let run = i;
    for (;;) {
      if (i >= this.len) throw GIVE_UP;
      const c = s.charCodeAt(i);
      if (c === NL) throw GIVE_UP; // multi-line
      if (c === q) {
        if (q === SQUOTE && s.charCodeAt(i + 1) === SQUOTE) {
          text += s.slice(run, i + 1);
          i += 2;
          run = i;
          continue;
        }
        text += s.slice(run, i);
        return { text, start: at, end: i + 1, plain: false };
      }
      if (c === BACKSLASH && q === DQUOTE) {
        text += s.slice(run, i);
        const e = s[i + 1];
        const simple = ESCAPES[e];
        if (simple !== undefined) {
          text += simple;
          i += 2;
        } else if (e === "x" || e === "u" || e === "U") {
          const n = e === "x" ? 2 : e === "u" ? 4 : 8;
          const hex = s.slice(i + 2, i + 2 + n);
          if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw GIVE_UP;
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff) throw GIVE_UP;
          text += String.fromCodePoint(cp);
          i += 2 + n;
        } else throw GIVE_UP;
        run = i;
        continue;
      }
      i++;
    }
  }

  /** A flow collection that opens and closes on this line. */
  private flow(at: number, path: string, depth: number): { node: SyntaxNode; end: number } {
    if (depth > MAX_SIMPLE_DEPTH) throw GIVE_UP;
    const s = this.src;
    const isMap = s.charCodeAt(at) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const entries: ObjectEntry[] = [];
    const elements: SyntaxNode[] = [];
    let i = this.skipSpaces(at + 1);
    if (s.charCodeAt(i) === close) {
      i++;
    } else {
      for (;;) {
        if (isMap) {
          const c = s.charCodeAt(i);
          let k: ScalarToken;
          if (c === DQUOTE || c === SQUOTE) k = this.quoted(i);
          else {
            k = this.plainFlow(i);
            if (resolvePlain(k.text) !== undefined) throw GIVE_UP; // a non-string key
          }
          if (k.end - i > MAX_KEY_LENGTH) throw GIVE_UP;
          // Only `key: value`; `{a}`, `{a:b}` and `{"a":b}` are left to the general decoder.
          if (s.charCodeAt(k.end) !== COLON || s.charCodeAt(k.end + 1) !== SPACE) throw GIVE_UP;
          const childPath = joinKey(path, k.text);
          const key = this.stringNode(k, childPath);
          const v = this.flowItem(this.skipSpaces(k.end + 1), childPath, depth + 1);
          entries.push({ key, value: v.node });
          i = v.end;
        } else {
          const v = this.flowItem(i, `${path}[${elements.length}]`, depth + 1);
          // `[a: b]` (a single-pair mapping) is left to the general decoder.
          if (s.charCodeAt(v.end) === COLON) throw GIVE_UP;
          elements.push(v.node);
          i = v.end;
        }
        i = this.skipSpaces(i);
        const c = s.charCodeAt(i);
        if (c === close) {
          i++;
          break;
        }
        if (c !== COMMA) throw GIVE_UP;
        i = this.skipSpaces(i + 1);
        if (s.charCodeAt(i) === close) throw GIVE_UP; // a trailing comma
      }
    }
    const begin = this.pos(at);
    const last = isMap ? entries[entries.length - 1]?.value : elements[elements.length - 1];
    const range: Range = { environment: this.filename, begin, end: last ? last.range!.end : begin };
    const node: SyntaxNode = isMap
      ? { kind: "object", entries, range, path }
      : { kind: "array", elements, range, path };
    return { node, end: i };
  }

  private flowItem(at: number, path: string, depth: number): { node: SyntaxNode; end: number } {
    const c = this.src.charCodeAt(at);
    if (c === LBRACKET || c === LBRACE) return this.flow(at, path, depth);
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quoted(at);
      return { node: this.stringNode(q, path), end: q.end };
    }
    const p = this.plainFlow(at);
    return { node: this.scalarNode(p, path), end: p.end };
  }

  /** A plain scalar inside a flow collection: it ends at a flow indicator or `: `. */
  private plainFlow(at: number): ScalarToken {
    const s = this.src;
    const c = s.charCodeAt(at);
    if (isIndicator(c)) {
      const n = s.charCodeAt(at + 1);
      if (c !== DASH || n === SPACE || n === NL || isFlowIndicator(n) || at + 1 >= this.len) throw GIVE_UP;
    }
    let i = at;
    let end = at;
    while (i < this.len) {
      const ch = s.charCodeAt(i);
      if (ch === NL) throw GIVE_UP; // the collection continues on the next line
      if (isFlowIndicator(ch)) break;
      if (ch === HASH && s.charCodeAt(i - 1) === SPACE) throw GIVE_UP;
      if (ch === COLON) {
        const n = s.charCodeAt(i + 1);
        if (n === SPACE) break; // the key indicator (the caller checks it is allowed here)
        if (n === NL || isFlowIndicator(n) || i + 1 >= this.len) throw GIVE_UP;
      }
      if (ch !== SPACE) end = i + 1;
      i++;
    }
    if (end === at) throw GIVE_UP; // an empty entry
    return { text: s.slice(at, end), start: at, end, plain: true };
  }

  private skipSpaces(i: number): number {
    while (this.src.charCodeAt(i) === SPACE) i++;
    return i;
  }

  // ---- nodes (ranges as syntax.ts computes them) ----

  private pos(offset: number) {
    const { line, column } = this.positions.lineColumn(offset);
    return this.positions.pos(line, column);
  }

  private tokenRange(t: ScalarToken): Range {
    const { line, column } = this.positions.lineColumn(t.start);
    return {
      environment: this.filename,
      begin: this.positions.pos(line, column),
      end: this.positions.pos(line, column + utf8Length(t.text)),
    };
  }

  private stringNode(t: ScalarToken, path: string): StringNode {
    return { kind: "string", value: t.text, plain: t.plain, range: this.tokenRange(t), path };
  }

  /** A plain scalar resolved as yaml.v3 does; quoted ones are always strings. */
  private scalarNode(t: ScalarToken, path: string): SyntaxNode {
    const range = this.tokenRange(t);
    const resolved = resolvePlain(t.text);
    if (resolved === undefined) return { kind: "string", value: t.text, plain: true, range, path };
    if (resolved === null) return { kind: "null", range, path };
    if (typeof resolved === "boolean") return { kind: "boolean", value: resolved, range, path };
    return { kind: "number", value: resolved, range, path };
  }

  /** `key:` with nothing after it: a null at the point just after the indicator. */
  private emptyNull(offset: number, path: string): SyntaxNode {
    return {
      kind: "null",
      range: { environment: this.filename, begin: this.pos(offset), end: this.pos(offset) },
      path,
    };
  }
}
