// Invalid YAML never costs the preview: while the text does not parse, the last preview of text
// that did stays on screen, marked stale, with the new text's diagnostics.
import type { PreviewResult } from "@/components/editor/preview-types";

export type ShownPreview = PreviewResult & { stale?: boolean };

/** The evaluator reports text it cannot parse as YAML with a "yaml: …" load diagnostic. */
export function isInvalidYaml(result: PreviewResult): boolean {
  return result.diagnostics.some((d) => d.severity === "error" && d.summary.startsWith("yaml: "));
}

export function keepLastGoodPreview(previous: ShownPreview | null, next: PreviewResult): ShownPreview {
  if (previous && isInvalidYaml(next)) return { ...previous, diagnostics: next.diagnostics, stale: true };
  return next;
}
