// Turns the evaluator's Value trees into the preview pane's masked, size-bounded tree.
import type { Expr } from "@/lib/esc";
import type { Diagnostic, Value } from "@/lib/esc/contract";
import { isValueMap as isMapValue, PROJECTED_KEYS, project, type ProjectedEntry } from "@/lib/esc/projection";
import { unknownCauses } from "./unknown-causes";
import type {
  PreviewDiagnostic,
  PreviewNode,
  PreviewProjected,
  PreviewResult,
} from "@/components/editor/preview-types";

/** Enough for any hand-written environment; keeps a pasted 5 MB document from flooding the page. */
export const MAX_PREVIEW_NODES = 5000;
const MAX_STRING = 2000;
const MAX_DIAGNOSTICS = 200;
/** Projected values are shown whole (a certificate, a kubeconfig) up to this length. */
const MAX_PROJECTED_TEXT = 64 * 1024;
const MAX_PROJECTED_ENTRIES = 1000;
const MAX_ERROR = 300;

/** The error that made an unknown value unknown (unknown-causes.ts), if one did. */
type ErrorOf = (value: Value) => string | undefined;

export function toPreview(
  properties: Record<string, Value> | undefined,
  diagnostics: Diagnostic[],
  environmentName: string,
  /** The evaluation's expressions: with them, unknowns caused by errors show as errors. */
  exprs?: Record<string, Expr>,
): PreviewResult {
  const errorOf: ErrorOf = unknownCauses(exprs, diagnostics);
  const budget = { left: MAX_PREVIEW_NODES, truncated: false };
  const entries: [string, PreviewNode][] = [];
  for (const [key, value] of Object.entries(properties ?? {})) {
    if (budget.left <= 0) {
      budget.truncated = true;
      break;
    }
    entries.push([key, toNode(value, budget, 0, errorOf)]);
  }
  const { variables, files } = project(properties);
  const projected = (key: string) => (e: ProjectedEntry) => toPreviewProjected(e, properties?.[key], errorOf);
  return {
    values: { t: "object", entries },
    diagnostics: diagnostics.slice(0, MAX_DIAGNOSTICS).map((d) => toPreviewDiagnostic(d, environmentName)),
    truncated: budget.truncated || variables.length + files.length > MAX_PROJECTED_ENTRIES,
    projection: {
      variables: variables.slice(0, MAX_PROJECTED_ENTRIES).map(projected(PROJECTED_KEYS.variables)),
      files: files.slice(0, MAX_PROJECTED_ENTRIES).map(projected(PROJECTED_KEYS.files)),
    },
  };
}

const errorText = (message: string) => (message.length > MAX_ERROR ? `${message.slice(0, MAX_ERROR)}…` : message);

/** Secrets and unknowns go without their text: the browser gets a secret only through reveal. */
function toPreviewProjected(e: ProjectedEntry, parent: Value | undefined, errorOf: ErrorOf): PreviewProjected {
  const out: PreviewProjected = { name: e.name, secret: e.secret, unknown: e.unknown };
  if (e.unknown) {
    const entries = parent?.value;
    const error = isMapValue(entries) && Object.hasOwn(entries, e.name) ? errorOf(entries[e.name]) : undefined;
    if (error !== undefined) out.error = errorText(error);
  }
  if (e.secret || e.unknown) return out;
  if (e.text.length > MAX_PROJECTED_TEXT) {
    out.text = `${e.text.slice(0, MAX_PROJECTED_TEXT)}…`;
    out.cut = true;
  } else out.text = e.text;
  return out;
}

function toNode(
  value: Value,
  budget: { left: number; truncated: boolean },
  depth: number,
  errorOf: ErrorOf,
): PreviewNode {
  budget.left--;
  if (value.unknown) {
    const error = errorOf(value);
    if (error !== undefined) return { t: "error", message: errorText(error) };
    // A secret the check left encrypted (the caller may only read, or it comes from an import) is
    // a secret, not a value that waits for Open.
    if (value.secret) return { t: "secret" };
    return { t: "unknown" };
  }
  if (value.secret) return { t: "secret" };
  const v = value.value;
  if (v === null || v === undefined) return { t: "null" };
  if (typeof v === "string")
    return { t: "string", v: v.length > MAX_STRING ? `${v.slice(0, MAX_STRING)}…` : v };
  if (typeof v === "boolean") return { t: "bool", v };
  if (typeof v === "number") return { t: "number", v: String(v) };
  if (depth > 64) {
    budget.truncated = true;
    return { t: "unknown" };
  }
  if (Array.isArray(v)) {
    const items: PreviewNode[] = [];
    for (const item of v) {
      if (budget.left <= 0) {
        budget.truncated = true;
        break;
      }
      items.push(toNode(item, budget, depth + 1, errorOf));
    }
    return { t: "array", items };
  }
  if (typeof v === "object" && !isValueMap(v)) return { t: "number", v: String(v) }; // a number kept as text
  const entries: [string, PreviewNode][] = [];
  for (const [key, child] of Object.entries(v as Record<string, Value>)) {
    if (budget.left <= 0) {
      budget.truncated = true;
      break;
    }
    entries.push([key, toNode(child, budget, depth + 1, errorOf)]);
  }
  return { t: "object", entries };
}

/** A map of Values (an object) as opposed to a number kept as text by the evaluator. */
function isValueMap(v: object): boolean {
  return Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null;
}

function toPreviewDiagnostic(d: Diagnostic, environmentName: string): PreviewDiagnostic {
  const out: PreviewDiagnostic = {
    severity: d.severity === "warning" ? "warning" : "error",
    summary: d.summary,
  };
  if (d.detail) out.detail = d.detail;
  if (d.path) out.path = d.path;
  // Ranges in other environments (imports) cannot be marked in this editor.
  if (d.range && (!d.range.environment || d.range.environment === environmentName)) {
    const { begin, end } = d.range;
    const endSame = end.line === begin.line && end.column <= begin.column;
    out.range = {
      startLine: begin.line,
      startColumn: begin.column,
      endLine: end.line,
      endColumn: endSame ? begin.column + 1 : end.column,
    };
  }
  return out;
}
