// One line per diagnostic, `env:line:col: summary`, the way the reference prints open/set errors.
import type { Diagnostic } from "./client";

export function formatDiagnostics(diags: Diagnostic[], fallbackEnv: string): string {
  return diags
    .map((d) => {
      const r = d.range;
      const where = r && r.begin.line > 0 ? `${r.environment || fallbackEnv}:${r.begin.line}:${r.begin.column}: ` : "";
      const prefix = d.severity === "warning" ? "warning: " : "";
      return `${prefix}${where}${d.summary}${d.detail ? `\n  ${d.detail}` : ""}\n`;
    })
    .join("");
}

export function hasErrors(diags: Diagnostic[] | undefined): boolean {
  return Boolean(diags?.some((d) => d.severity !== "warning"));
}
