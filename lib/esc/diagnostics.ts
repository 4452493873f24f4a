// Diagnostics as the evaluator produces them, and their two outward shapes: our API shape
// (contract.ts `Diagnostic`) and the reference's Go/HCL shape used by the golden files.
import type { Diagnostic, Range } from "./contract";

/** Internal diagnostic: API shape plus the YAML path of the blamed node ("" if none). */
export interface SyntaxDiagnostic extends Diagnostic {
  path: string;
}

export function syntaxError(range: Range | undefined, summary: string, path: string): SyntaxDiagnostic {
  return range ? { severity: "error", summary, range, path } : { severity: "error", summary, path };
}

export function syntaxWarning(range: Range | undefined, summary: string, path: string): SyntaxDiagnostic {
  return range ? { severity: "warning", summary, range, path } : { severity: "warning", summary, path };
}

export function hasErrors(diags: Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}

/** The reference's serialised hcl.Diagnostic (+ Path). */
export interface GoDiagnostic {
  Severity: 1 | 2;
  Summary: string;
  Detail: string;
  Subject: null | {
    Filename: string;
    Start: { Line: number; Column: number; Byte: number };
    End: { Line: number; Column: number; Byte: number };
  };
  Context: null;
  Expression: null;
  EvalContext: null;
  Extra: null;
  Path: string;
}

export function toGoDiagnostic(d: Diagnostic): GoDiagnostic {
  const r = d.range;
  return {
    Severity: d.severity === "error" ? 1 : 2,
    Summary: d.summary,
    Detail: d.detail ?? "",
    Subject: r
      ? {
          Filename: r.environment ?? "",
          Start: { Line: r.begin.line, Column: r.begin.column, Byte: r.begin.byte },
          End: { Line: r.end.line, Column: r.end.column, Byte: r.end.byte },
        }
      : null,
    Context: null,
    Expression: null,
    EvalContext: null,
    Extra: null,
    Path: d.path ?? "",
  };
}

/** Sort key used by the harness: subject-less first, then filename, line, column, summary, path. */
export function sortGoDiagnostics(diags: GoDiagnostic[]): GoDiagnostic[] {
  const key = (d: GoDiagnostic) =>
    d.Subject === null
      ? ["0", "", 0, 0, d.Summary, d.Path]
      : [
          "1",
          d.Subject.Filename,
          Number(d.Subject.Start.Line),
          Number(d.Subject.Start.Column),
          d.Summary,
          d.Path,
        ];
  return [...diags].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] < kb[i]) return -1;
      if (ka[i] > kb[i]) return 1;
    }
    return 0;
  });
}
