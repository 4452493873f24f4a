// A line-based unified diff (LCS), enough for `esc env diff` on environment-sized texts.

const CONTEXT = 3;
const MAX_CELLS = 25_000_000;

type Op = { kind: " " | "-" | "+"; line: string };

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === "") return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith("\n");
  return { lines: (finalNewline ? text.slice(0, -1) : text).split("\n"), finalNewline };
}

function editScript(a: string[], b: string[]): Op[] {
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) throw new Error("the texts are too large to compare");
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i++] });
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push({ kind: "-", line: a[i++] });
    } else {
      ops.push({ kind: "+", line: b[j++] });
    }
  }
  return ops;
}

/** `--- from` / `+++ to` and hunks with 3 lines of context; "" when the texts are equal. */
export function unifiedDiff(from: string, to: string, fromLabel: string, toLabel: string): string {
  const A = splitLines(from);
  const B = splitLines(to);
  const ops = editScript(A.lines, B.lines);
  if (ops.every((o) => o.kind === " ") && A.finalNewline === B.finalNewline) return "";
  const changed = ops.map((o) => o.kind !== " ");
  let out = `--- ${fromLabel}\n+++ ${toLabel}\n`;
  let k = 0;
  while (k < ops.length) {
    if (!changed[k]) {
      k++;
      continue;
    }
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    // Extend while the next change is within 2*CONTEXT lines.
    for (;;) {
      let next = end + 1;
      while (next < ops.length && !changed[next]) next++;
      if (next < ops.length && next - end <= 2 * CONTEXT) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + CONTEXT + 1);
    const before = ops.slice(0, start);
    const hunk = ops.slice(start, stop);
    const aStart = before.filter((o) => o.kind !== "+").length;
    const bStart = before.filter((o) => o.kind !== "-").length;
    const aLen = hunk.filter((o) => o.kind !== "+").length;
    const bLen = hunk.filter((o) => o.kind !== "-").length;
    out += `@@ -${range(aStart, aLen)} +${range(bStart, bLen)} @@\n`;
    for (const o of hunk) out += `${o.kind}${o.line}\n`;
    if (stop === ops.length && (!A.finalNewline || !B.finalNewline) && hunk.length) out += "\\ No newline at end of file\n";
    k = stop;
  }
  return out;
}

function range(start: number, len: number): string {
  if (len === 0) return `${start},0`;
  return len === 1 ? `${start + 1}` : `${start + 1},${len}`;
}
