// Source positions as the reference reports them (SEMANTICS §9.3): 1-based line and column
// (columns in code points, as the YAML parser counts them) plus a 0-based byte offset that is
// recomputed from the line and column with the reference's own quirks:
//  * on a line holding non-ASCII bytes the byte offset comes from walking grapheme clusters and
//    advancing the column by each cluster's display width (so wide characters skew it);
//  * a position on a line number >= the number of lines in the file gets byte 0 (in practice:
//    everything on the last line of a file without a trailing newline).
import type { Pos } from "./contract";
import { utf8Length as byteLength } from "./bytes";

/** Per-line tables of a non-ASCII line, computed when a position on it is first asked for. */
interface WideLine {
  /** The line text without its newline. */
  text: string;
  /** Code points before each UTF-16 index of `text` (computed lazily). */
  codePoints?: Int32Array;
  /** Display column and byte offset after each grapheme cluster (computed lazily). */
  walk?: { columns: Int32Array; bytes: Int32Array };
}

function clusterWalk(text: string): { columns: Int32Array; bytes: Int32Array } {
  const columns: number[] = [1];
  const bytes: number[] = [0];
  let c = 1;
  let b = 0;
  for (const { segment } of graphemes(text)) {
    b += utf8Length(segment);
    c += clusterWidth(segment);
    columns.push(c);
    bytes.push(b);
  }
  return { columns: Int32Array.from(columns), bytes: Int32Array.from(bytes) };
}

function codePointPrefix(text: string): Int32Array {
  const out = new Int32Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    out[i] = n;
    const c = text.charCodeAt(i);
    // A high surrogate and its low surrogate form one code point.
    if (!(c >= 0xd800 && c <= 0xdbff && i + 1 < text.length)) n++;
  }
  out[text.length] = n;
  return out;
}

/** Display width of a grapheme cluster, approximating uniseg: East Asian wide/fullwidth and emoji are 2. */
export function clusterWidth(cluster: string): number {
  const cp = cluster.codePointAt(0) ?? 0;
  if (cp < 0x1100) return cp === 0 ? 0 : 1;
  if (isWide(cp)) return 2;
  // Emoji presentation selector makes a narrow symbol wide.
  if (cluster.includes("\uFE0F")) return 2;
  return 1;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x231a && cp <= 0x231b) ||
    (cp >= 0x2329 && cp <= 0x232a) ||
    (cp >= 0x23e9 && cp <= 0x23ec) ||
    cp === 0x23f0 ||
    cp === 0x23f3 ||
    (cp >= 0x25fd && cp <= 0x25fe) ||
    (cp >= 0x2614 && cp <= 0x2615) ||
    (cp >= 0x2648 && cp <= 0x2653) ||
    cp === 0x267f ||
    cp === 0x2693 ||
    cp === 0x26a1 ||
    (cp >= 0x26aa && cp <= 0x26ab) ||
    (cp >= 0x26bd && cp <= 0x26be) ||
    (cp >= 0x26c4 && cp <= 0x26c5) ||
    cp === 0x26ce ||
    cp === 0x26d4 ||
    cp === 0x26ea ||
    (cp >= 0x26f2 && cp <= 0x26f3) ||
    cp === 0x26f5 ||
    cp === 0x26fa ||
    cp === 0x26fd ||
    cp === 0x2705 ||
    (cp >= 0x270a && cp <= 0x270b) ||
    cp === 0x2728 ||
    cp === 0x274c ||
    cp === 0x274e ||
    (cp >= 0x2753 && cp <= 0x2755) ||
    cp === 0x2757 ||
    (cp >= 0x2795 && cp <= 0x2797) ||
    cp === 0x27b0 ||
    cp === 0x27bf ||
    (cp >= 0x2b1b && cp <= 0x2b1c) ||
    cp === 0x2b50 ||
    cp === 0x2b55 ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x16fe0 && cp <= 0x18cff) ||
    (cp >= 0x1b000 && cp <= 0x1b2ff) ||
    cp === 0x1f004 ||
    cp === 0x1f0cf ||
    cp === 0x1f18e ||
    (cp >= 0x1f191 && cp <= 0x1f19a) ||
    (cp >= 0x1f200 && cp <= 0x1f251) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f680 && cp <= 0x1f6ff) ||
    (cp >= 0x1f7e0 && cp <= 0x1f7eb) ||
    (cp >= 0x1f90c && cp <= 0x1f9ff) ||
    (cp >= 0x1fa70 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Code points that extend the preceding grapheme cluster (an approximation of UAX #29). */
function isExtender(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x0483 && cp <= 0x0489) ||
    (cp >= 0x0591 && cp <= 0x05bd) ||
    (cp >= 0x0610 && cp <= 0x061a) ||
    (cp >= 0x064b && cp <= 0x065f) ||
    (cp >= 0x0900 && cp <= 0x0903) ||
    (cp >= 0x093a && cp <= 0x094f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    cp === 0x200c ||
    cp === 0x200d ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    (cp >= 0xe0020 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

/**
 * Grapheme clusters of `s`. Intl.Segmenter is quadratic on long strings in Node 20, so this is
 * a linear approximation: a base code point plus following combining marks, variation
 * selectors, ZWJ sequences and regional-indicator pairs.
 */
export function* graphemes(s: string): Generator<{ segment: string }> {
  let i = 0;
  while (i < s.length) {
    const start = i;
    let cp = s.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    const regional = cp >= 0x1f1e6 && cp <= 0x1f1ff;
    if (cp === 0x0d && s.charCodeAt(i) === 0x0a) i++;
    else {
      let joined = false;
      while (i < s.length) {
        cp = s.codePointAt(i)!;
        const ext = isExtender(cp);
        if (ext || joined || (regional && i - start === 2 && cp >= 0x1f1e6 && cp <= 0x1f1ff)) {
          joined = cp === 0x200d;
          i += cp > 0xffff ? 2 : 1;
          continue;
        }
        break;
      }
    }
    yield { segment: s.slice(start, i) };
  }
}

/** Display width of a string (sum over grapheme clusters). */
export function stringWidth(s: string): number {
  let w = 0;
  for (const { segment } of graphemes(s)) w += clusterWidth(segment);
  return w;
}

export function utf8Length(s: string): number {
  return byteLength(s);
}

/** Maps string offsets to reference positions for one source text. */
export class PositionIndex {
  /** Offset of each line start in the JS string (UTF-16 units). */
  private readonly starts: number[] = [0];
  /** Offset of each line start in UTF-8 bytes. */
  private readonly bytes: number[];
  /** Lines holding non-ASCII characters, by 0-based line number; all others are ASCII. */
  private readonly wide = new Map<number, WideLine>();

  constructor(readonly source: string) {
    // Only numbers per line: a large document has a hundred thousand lines, nearly all ASCII.
    for (let nl = source.indexOf("\n"); nl >= 0; nl = source.indexOf("\n", nl + 1)) this.starts.push(nl + 1);
    // eslint-disable-next-line no-control-regex
    const nonAscii = /[^\x00-\x7f]/g;
    for (let m = nonAscii.exec(source); m; m = nonAscii.exec(source)) {
      const line = this.lineOf(m.index);
      this.wide.set(line, { text: this.lineText(line) });
      nonAscii.lastIndex = this.starts[line + 1] ?? source.length;
    }
    this.bytes = new Array<number>(this.starts.length);
    let extra = 0;
    for (let l = 0; l < this.starts.length; l++) {
      this.bytes[l] = this.starts[l] + extra;
      const w = this.wide.get(l);
      if (w) extra += utf8Length(w.text) - w.text.length;
    }
  }

  private lineText(line: number): string {
    const end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.source.length;
    return this.source.slice(this.starts[line], end);
  }

  /** 0-based line holding a JS string offset. */
  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 1-based line and code-point column of a JS string offset. */
  lineColumn(offset: number): { line: number; column: number } {
    const lo = this.lineOf(offset);
    const start = this.starts[lo];
    const w = this.wide.get(lo);
    if (!w) return { line: lo + 1, column: offset - start + 1 };
    // Columns count code points; the per-line prefix counts are computed once per line so many
    // nodes on one long line stay linear.
    w.codePoints ??= codePointPrefix(w.text);
    const at = Math.min(offset - start, w.text.length);
    return { line: lo + 1, column: w.codePoints[at] + 1 };
  }

  /** The reference's position for a line/column, byte offset computed with its quirks. */
  pos(line: number, column: number): Pos {
    if (line < 1 || line >= this.starts.length) return { line, column, byte: 0 };
    const w = this.wide.get(line - 1);
    const lineByte = this.bytes[line - 1];
    if (!w) return { line, column, byte: lineByte + column - 1 };
    // Walk clusters from the line start, advancing the column by display width, until it
    // reaches the target; the walk is tabulated once per line and searched.
    w.walk ??= clusterWalk(w.text);
    const { columns, bytes } = w.walk;
    let lo = 0;
    let hi = columns.length - 1;
    if (columns[hi] < column) return { line, column, byte: lineByte + bytes[hi] };
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (columns[mid] >= column) hi = mid;
      else lo = mid + 1;
    }
    return { line, column, byte: lineByte + bytes[lo] };
  }

  posAt(offset: number): Pos {
    const { line, column } = this.lineColumn(offset);
    return this.pos(line, column);
  }
}
