// One line per diagnostic, `env:line:col: summary`, the way the reference prints open/set errors.
import type { Diagnostic } from "./client";

/** `envName` replaces the range's environment when `always` (edits report against the name typed). */
export function formatDiagnostics(diags: Diagnostic[], envName: string, always = false): string {
  // In document order, so the first line printed is the first problem in the file.
  const pos = (d: Diagnostic) => [d.range?.environment ?? "", d.range?.begin.line ?? 0, d.range?.begin.column ?? 0] as const;
  const sorted = [...diags].sort((a, b) => {
    const [ea, la, ca] = pos(a);
    const [eb, lb, cb] = pos(b);
    return ea < eb ? -1 : ea > eb ? 1 : la - lb || ca - cb;
  });
  return sorted
    .map((d) => {
      const r = d.range;
      const where = r && r.begin.line > 0 ? `${always ? envName : r.environment || envName}:${r.begin.line}:${r.begin.column}: ` : "";
      const prefix = d.severity === "warning" ? "warning: " : "";
      return `${prefix}${where}${d.summary}${d.detail ? `\n  ${d.detail}` : ""}\n`;
    })
    .join("");
}

export function hasErrors(diags: Diagnostic[] | undefined): boolean {
  return Boolean(diags?.some((d) => d.severity !== "warning"));
}
