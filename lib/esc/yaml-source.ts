// Helpers for editing YAML by splicing its source text (crypt.ts, yaml-edit.ts): finding where a
// mapping value starts, columns, the comments in a replaced gap, and parser errors reported
// without echoing the source (which may hold secrets).
import type { Node as YNode, YAMLError } from "yaml";

/** Offset just after the `:` that follows a mapping key (skipping spaces, line breaks and comments). */
export function valueIndicatorEnd(source: string, key: YNode): number {
  let i = key.range![1];
  while (i < source.length && source[i] !== ":") {
    if (source[i] === "#") while (i < source.length && source[i] !== "\n") i++;
    else i++;
  }
  return i + 1;
}

/** 0-based column (in UTF-16 units) of an offset. */
export function columnOf(source: string, offset: number): number {
  return offset - (source.lastIndexOf("\n", offset - 1) + 1);
}

/** Comments (`# …` to end of line) in text that holds no scalars: the gaps we replace. */
export function commentsIn(text: string): string[] {
  return [...text.matchAll(/(?:^|[ \t\n\r])(#[^\n\r]*)/g)].map((m) => m[1].trimEnd());
}

/** `invalid YAML (line N): <first sentence of the parser's message>`, never quoting source text. */
export function describeYamlError(error: YAMLError): string {
  let summary = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  // The parser recurses per nesting level and reports exhausting the stack as an error.
  if (/call stack/i.test(summary)) summary = "the document is nested too deeply";
  const line = error.linePos?.[0]?.line;
  return `invalid YAML${line ? ` (line ${line})` : ""}: ${summary}`;
}
