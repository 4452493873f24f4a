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
  /** Known only after Open (a provider's output, or computed from one). */
  | { t: "unknown" }
  /** Could not be computed: `message` is the evaluator's diagnostic that says why. */
  | { t: "error"; message: string };

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

/** One projected environment variable or file (lib/esc/projection.ts); no text when masked. */
export interface PreviewProjected {
  name: string;
  /** The value as text (ToString); absent for secrets and unknowns. */
  text?: string;
  secret: boolean;
  unknown: boolean;
  /** For an unknown that an error caused: the evaluator's diagnostic (it is not "unknown until opened"). */
  error?: string;
  /** The text was cut at the preview's length limit. */
  cut?: boolean;
}

export interface PreviewResult {
  values: PreviewNode;
  diagnostics: PreviewDiagnostic[];
  /** True when the tree was cut at the node limit (huge documents). */
  truncated: boolean;
  /** What `esc run` would set: the scalar entries of `environmentVariables` and `files`. */
  projection: { variables: PreviewProjected[]; files: PreviewProjected[] };
  /** Opened results only: where the server keeps the opened values, for Reveal to read them from. */
  openId?: string;
}
