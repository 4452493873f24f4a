// Public API of the evaluator. Pure: no HTTP, database or AWS; providers, the environment loader
// and the secret crypter are handed in. No exception escapes check/open/rotate: anything that
// goes wrong becomes a diagnostic.
import type {
  Diagnostic,
  ExecutionContext,
  EnvironmentLoader,
  PlainValue,
  ProviderRegistry,
  Schema,
  SecretCrypter,
  Value,
} from "./contract";
import { Evaluator, type Patch } from "./eval";
import type { ExprJSON } from "./expr";
import { loadEnvironment, type DefinitionParser, type LoadedDeclaration } from "./load";
import { PropertyPathError, formatPropertyPath, parsePropertyPath } from "./property-path";
import type { SyntaxDiagnostic } from "./diagnostics";
import { schemaToJSON } from "./schema/json";
import { mergedSchema } from "./schema/merge";

import { goQuote } from "./value";
import { sortBytes } from "./schema/schema";

export * from "./contract";
export type { ExprJSON as Expr } from "./expr";

export interface Environment {
  exprs?: Record<string, ExprJSON>;
  properties?: Record<string, Value>;
  schema?: Schema;
  executionContext?: { properties: Record<string, Value>; schema: Schema };
}

export interface EvalOptions {
  /** The environment's name (`project/env`, or `<yaml>` for anonymous definitions). */
  name: string;
  providers: ProviderRegistry;
  loader: EnvironmentLoader;
  crypter: SecretCrypter;
  executionContext?: ExecutionContext;
  showSecrets?: boolean;
  signal?: AbortSignal;
  /** Parses the root's and the imports' text (loadEnvironment when absent; a caller may cache). */
  parse?: DefinitionParser;
}

export interface EvalResult {
  environment?: Environment;
  /** Load diagnostics first, then evaluation ones. */
  diagnostics: Diagnostic[];
}

export interface RotationPatch {
  docPath: string;
  replacement: Value;
}

/** Result of one phase with load and evaluation diagnostics kept apart (the conformance harness needs both). */
export interface PhaseResult {
  environment?: Environment;
  loadDiagnostics: SyntaxDiagnostic[];
  diagnostics: SyntaxDiagnostic[];
  patches: Patch[];
}

type Mode = "check" | "open" | "rotate";

/** Runs one phase; load diagnostics and evaluation diagnostics are returned separately. */
export async function evaluatePhase(
  yaml: string,
  opts: EvalOptions,
  mode: Mode,
  rotatePaths?: string[],
): Promise<PhaseResult> {
  // Rotation paths are Pulumi property paths relative to `values`, compared in canonical form.
  let canonicalPaths: string[] | undefined;
  try {
    canonicalPaths = rotatePaths?.map((p) => formatPropertyPath(parsePropertyPath(p)));
  } catch (err) {
    const summary = err instanceof PropertyPathError ? err.message : "invalid rotation path";
    return { loadDiagnostics: [], diagnostics: [{ severity: "error", summary, path: "" }], patches: [] };
  }
  const parse = opts.parse ?? loadEnvironment;
  let loaded: LoadedDeclaration;
  try {
    loaded = parse(opts.name, yaml);
  } catch (err) {
    // Defence in depth: parsing must never throw at the caller.
    const summary =
      err instanceof RangeError
        ? "environment is too deeply nested to parse"
        : "internal error while parsing the environment";
    return { loadDiagnostics: [{ severity: "error", summary, path: "" }], diagnostics: [], patches: [] };
  }
  const { decl, diags: loadDiagnostics } = loaded;
  if (!decl || ((decl.values?.entries.length ?? 0) === 0 && decl.imports.length === 0)) {
    return { loadDiagnostics, diagnostics: [], patches: [] };
  }
  const ev = new Evaluator(
    {
      validating: mode === "check",
      showSecrets: mode === "check" ? opts.showSecrets === true : true,
      providers: opts.providers,
      loader: opts.loader,
      context: opts.executionContext ?? {},
      rootName: opts.name,
      signal: opts.signal,
      imports: new Map(),
      parse,
    },
    opts.name,
    decl,
    opts.crypter,
    mode === "rotate",
    // The reference prefixes "values." even before a subscript (so `["a-b"]` never matches);
    // we join properly so top-level keys that need quoting can be rotated too.
    canonicalPaths
      ? new Set(canonicalPaths.map((p) => (p.startsWith("[") ? `values${p}` : `values.${p}`)))
      : undefined,
  );
  try {
    const v = await ev.evaluate();
    const schema = v.base ? mergedSchema(v.base.schema, v.schema) : v.schema;
    const props = v.export(opts.name).value as Record<string, Value>;
    const exprs = ev.root.export(opts.name).object;
    const ctx = ev.myContext.export(opts.name).value as Record<string, Value>;
    const environment: Environment = {
      schema: schemaToJSON(schema),
      executionContext: { properties: ctx, schema: schemaToJSON(ev.myContext.schema) },
    };
    // Emptiness from the sources: Object.keys of a 100,000-key result costs tens of milliseconds.
    if (exprs && ev.root.repr.kind === "object" && ev.root.repr.properties.size > 0)
      environment.exprs = exprs;
    if (props && v.keys().length > 0) environment.properties = props;
    return {
      environment,
      loadDiagnostics,
      diagnostics: ev.diags,
      patches: ev.patches.sort((a, b) => (a.docPath < b.docPath ? -1 : a.docPath > b.docPath ? 1 : 0)),
    };
  } catch (err) {
    // A bug in the evaluator must not take the caller down; report it without any value content.
    const message =
      err instanceof RangeError
        ? "environment is too deeply nested to evaluate"
        : `internal error: ${(err as Error)?.message ?? String(err)}`;
    return {
      loadDiagnostics,
      diagnostics: [...ev.diags, { severity: "error", summary: message, path: "" }],
      patches: [],
    };
  }
}

function result(r: PhaseResult): EvalResult {
  const out: EvalResult = { diagnostics: [...r.loadDiagnostics, ...r.diagnostics].map(stripPath) };
  if (r.environment) out.environment = r.environment;
  return out;
}

function stripPath(d: SyntaxDiagnostic): Diagnostic {
  const out: Diagnostic = { severity: d.severity, summary: d.summary };
  if (d.detail) out.detail = d.detail;
  if (d.range) out.range = d.range;
  if (d.path) out.path = d.path;
  return out;
}

/** Static evaluation: providers and rotators are never called. */
export async function checkEnvironment(yaml: string, opts: EvalOptions): Promise<EvalResult> {
  return result(await evaluatePhase(yaml, opts, "check"));
}

/** Full evaluation: providers are called. */
export async function openEnvironment(yaml: string, opts: EvalOptions): Promise<EvalResult> {
  return result(await evaluatePhase(yaml, opts, "open"));
}

/** Open plus rotation of the root environment's rotators (all, or those at `paths`, relative to `values`). */
export async function rotateEnvironment(
  yaml: string,
  opts: EvalOptions & { paths?: string[] },
): Promise<EvalResult & { patches: RotationPatch[] }> {
  const r = await evaluatePhase(yaml, opts, "rotate", opts.paths);
  return { ...result(r), patches: r.patches };
}

/** Plain JSON of a value: secrets → "[secret]" when redacting, unknowns → "[unknown]" (SEMANTICS §8.3). */
export function toJSON(value: Value, redact: boolean): PlainValue {
  if (value.secret && redact) return "[secret]";
  if (value.unknown) return "[unknown]";
  const v = value.value;
  if (Array.isArray(v)) return v.map((e) => toJSON(e, redact));
  if (v !== null && typeof v === "object") {
    const out: { [k: string]: PlainValue } = {};
    for (const [k, e] of Object.entries(v)) out[k] = toJSON(e, redact);
    return out;
  }
  return v ?? null;
}

export function valuesToJSON(env: Environment | undefined, redact: boolean): Record<string, PlainValue> {
  const out: Record<string, PlainValue> = {};
  for (const [k, v] of Object.entries(env?.properties ?? {})) out[k] = toJSON(v, redact);
  return out;
}

/** ToString of SEMANTICS §8.3 (environment variable projection). */
export function valueToString(value: Value): string {
  if (value.unknown) return "[unknown]";
  const v = value.value;
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number" || typeof v === "string") return String(v);
  if (Array.isArray(v)) return v.map((e) => goQuote(valueToString(e))).join(",");
  const keys = sortBytes(Object.keys(v));
  return keys.map((k) => `${goQuote(k)}=${goQuote(valueToString(v[k]))}`).join(",");
}
