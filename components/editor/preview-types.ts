// What the preview pane shows: the evaluated values with secrets already masked on the server
// (their plaintext never reaches the browser through the preview) and unknowns marked, and the
// diagnostics with Monaco-style ranges.

export type PreviewNode =
  | { t: "object"; entries: [string, PreviewNode][] }
  | { t: "array"; items: PreviewNode[] }
  | { t: "string"; v: string }
  | { t: "number"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "null" }
  | { t: "secret" }
  | { t: "unknown" };

export interface PreviewRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface PreviewDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  path?: string;
  range?: PreviewRange;
}

export interface PreviewResult {
  values: PreviewNode;
  diagnostics: PreviewDiagnostic[];
  /** True when the tree was cut at the node limit (huge documents). */
  truncated: boolean;
}
