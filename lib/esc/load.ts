// YAML text → environment declaration plus load diagnostics (SEMANTICS §0 LoadYAMLBytes). YAML
// errors stop here (no declaration); AST errors are reported and evaluation still proceeds.
import { Parser, type EnvironmentDecl } from "./ast";
import { hasErrors, type SyntaxDiagnostic } from "./diagnostics";
import { decodeYAML } from "./syntax";

/** Inputs larger than this are refused with a diagnostic rather than parsed. */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

/** A definition parsed: its declaration (absent when it could not be parsed) and what was said. */
export interface LoadedDeclaration {
  decl?: EnvironmentDecl;
  diags: SyntaxDiagnostic[];
}

/** Parses definition text; the evaluator only reads the result, so it may be kept and reused. */
export type DefinitionParser = (name: string, yaml: string) => LoadedDeclaration;

export function loadEnvironment(name: string, yaml: string): LoadedDeclaration {
  if (typeof yaml !== "string") {
    return { diags: [{ severity: "error", summary: "environment definition must be text", path: "" }] };
  }
  if (yaml.length > MAX_DOCUMENT_BYTES) {
    return {
      diags: [
        {
          severity: "error",
          summary: `environment definition exceeds ${MAX_DOCUMENT_BYTES} bytes`,
          path: "",
        },
      ],
    };
  }
  let decoded;
  try {
    decoded = decodeYAML(name, yaml);
  } catch (err) {
    // The YAML library can throw on pathological input (e.g. very deep nesting).
    return { diags: [{ severity: "error", summary: yamlFailure(err), path: "" }] };
  }
  if (hasErrors(decoded.diags)) return { diags: decoded.diags };
  const parser = new Parser();
  const decl = parser.parseEnvironment(decoded.node);
  return { decl, diags: [...decoded.diags, ...parser.diags] };
}

function yamlFailure(err: unknown): string {
  if (err instanceof RangeError) return "yaml: the document is nested too deeply";
  return `yaml: ${err instanceof Error ? err.message : String(err)}`;
}
