// Evaluator-side expressions: each AST expression gets an EvalExpr holding its base (the imported
// value it overrides), its schema, its evaluation state (for cycle detection) and its memoised
// value; and the export of the `exprs` tree (SEMANTICS §8.5).
import type { PlainValue, Range, Schema as SchemaJSON } from "./contract";
import type { BuiltinExpr, Expr as AstExpr, ObjectExpr } from "./ast";
import type { PropertyAccessor } from "./interpolation";
import { Schema, sortBytes } from "./schema/schema";
import { schemaToJSON } from "./schema/json";
import type { SyntaxNode } from "./syntax";
import type { EvalValue } from "./value";

export function zeroRange(environment: string): Range {
  const r: Range = { begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } };
  if (environment !== "") r.environment = environment;
  return r;
}

export interface ResolvedAccessor {
  accessor: PropertyAccessor;
  value?: EvalValue;
}

export type ExprRepr =
  | { kind: "missing"; node?: SyntaxNode }
  | { kind: "literal"; ast: AstExpr & { kind: "null" | "boolean" | "number" | "string" } }
  | { kind: "interpolate"; ast: AstExpr; parts: { text: string; accessors?: ResolvedAccessor[] }[] }
  | { kind: "symbol"; ast: AstExpr; accessors: ResolvedAccessor[] }
  | { kind: "access"; node?: SyntaxNode; receiver: EvalValue; accessor: PropertyAccessor }
  | { kind: "array"; ast: AstExpr; elements: EvalExpr[] }
  | { kind: "object"; ast?: ObjectExpr; properties: Map<string, EvalExpr> }
  | {
      kind: "builtin";
      ast: BuiltinExpr;
      args: { [name: string]: EvalExpr };
      inputSchema: Schema;
      stateSchema: Schema;
    };

export const DECLARED = 0;
export const EVALUATING = 1;
export const DONE = 2;

export class EvalExpr {
  state = DECLARED;
  secret = false;
  value?: EvalValue;
  private exportedFor?: string;
  private exportedJSON?: ExprJSON;

  constructor(
    public path: string,
    public repr: ExprRepr,
    public schema: Schema,
    public base?: EvalValue,
  ) {}

  /** The syntax node blamed for diagnostics about this expression. */
  syntax(): SyntaxNode | undefined {
    const r = this.repr;
    if (r.kind === "missing" || r.kind === "access") return r.node;
    return r.ast?.node;
  }

  defRange(environment: string): Range {
    return convertRange(this.syntax()?.range, environment);
  }

  /**
   * The exported form, memoised: a base is exported wherever it is overridden, and along an
   * import chain every layer's base reaches the same deeper expressions again (quadratic in the
   * chain's length without the memo). Exports are shared, never modified.
   */
  export(environment: string): ExprJSON {
    if (this.exportedJSON === undefined || this.exportedFor !== environment) {
      this.exportedJSON = this.exportUncached(environment);
      this.exportedFor = environment;
    }
    return this.exportedJSON;
  }

  private exportUncached(environment: string): ExprJSON {
    const out: ExprJSON = { range: this.defRange(environment), schema: schemaToJSON(this.schema) };
    if (this.base) out.base = this.base.def.export(environment);
    const r = this.repr;
    switch (r.kind) {
      case "missing":
        break;
      case "literal":
        if (r.ast.kind !== "null")
          out.literal = r.ast.kind === "number" ? r.ast.value.toNumber() : r.ast.value;
        break;
      case "interpolate":
        out.interpolate = r.parts.map((p) => {
          const part: InterpolationJSON = {};
          if (p.text !== "") part.text = p.text;
          if (p.accessors) part.value = p.accessors.map((a) => exportPropertyAccessor(a, environment));
          return part;
        });
        break;
      case "symbol":
        out.symbol = r.accessors.map((a) => exportPropertyAccessor(a, environment));
        break;
      case "access": {
        const accessor = exportAccessor(r.accessor, environment);
        const rd = r.receiver.def;
        if (rd.repr.kind === "access") {
          // One access with the receiver's accessors and this one (the receiver's export is shared).
          const inner = rd.export(environment);
          const { receiver, accessors } = inner.access!;
          return { ...inner, access: { receiver, accessors: [...accessors, accessor] } };
        }
        out.access = { receiver: rd.defRange(environment), accessors: [accessor] };
        break;
      }
      case "array":
        if (r.elements.length > 0) out.list = r.elements.map((e) => e.export(environment));
        break;
      case "object": {
        if (r.ast && r.ast.entries.length > 0) {
          out.keyRanges = {};
          for (const e of r.ast.entries)
            out.keyRanges[e.key.value] = convertRange(e.key.node.range, environment);
        }
        if (r.properties.size > 0) {
          out.object = {};
          for (const k of sortBytes([...r.properties.keys()]))
            out.object[k] = r.properties.get(k)!.export(environment);
        }
        break;
      }
      case "builtin":
        out.builtin = exportBuiltin(r, environment);
        break;
    }
    return out;
  }
}

function exportBuiltin(r: Extract<ExprRepr, { kind: "builtin" }>, environment: string): BuiltinJSON {
  const b = r.ast;
  const a = r.args;
  const nameRange = convertRange(b.nameNode.range, environment);
  const argRange = convertRange(b.argNode.range, environment);
  const exp = (x: EvalExpr | undefined) => (x ? x.export(environment) : missingExport(environment));
  const out = (argSchema: Schema, arg: ExprJSON): BuiltinJSON => ({
    name: b.name,
    nameRange,
    argSchema: schemaToJSON(argSchema),
    arg,
  });
  const record = (m: [string, Schema][]) => Schema.record(new Map(m));
  switch (b.fn) {
    case "fn::open":
      if (b.name === "fn::open") {
        return out(
          record([
            ["provider", Schema.string()],
            ["inputs", r.inputSchema],
          ]),
          {
            range: zeroRange(""),
            object: { inputs: exp(a.inputs), provider: exp(a.provider) },
          },
        );
      }
      return out(r.inputSchema, exp(a.inputs));
    case "fn::rotate":
      if (b.name === "fn::rotate") {
        return out(
          record([
            ["provider", Schema.string()],
            ["inputs", r.inputSchema],
            ["state", r.stateSchema],
          ]),
          {
            range: zeroRange(""),
            object: { inputs: exp(a.inputs), provider: exp(a.provider), state: exp(a.state) },
          },
        );
      }
      return out(
        record([
          ["inputs", r.inputSchema],
          ["state", r.stateSchema],
        ]),
        {
          range: zeroRange(""),
          object: { inputs: exp(a.inputs), state: exp(a.state) },
        },
      );
    case "fn::secret":
      if (a.ciphertext)
        return out(Schema.always(), { range: argRange, object: { ciphertext: exp(a.ciphertext) } });
      return out(Schema.always(), exp(a.plaintext));
    case "fn::join":
      return out(Schema.tuple([Schema.string(), Schema.arrayOf(Schema.string())]), {
        range: argRange,
        list: [exp(a.delimiter), exp(a.values)],
      });
    case "fn::split":
      return out(Schema.tuple([Schema.string(), Schema.string()]), {
        range: argRange,
        list: [exp(a.delimiter), exp(a.string)],
      });
    case "fn::concat":
      return out(Schema.arrayOf(Schema.arrayOf(Schema.always())), exp(a.arrays));
    case "fn::toBase64":
    case "fn::fromBase64":
      return out(Schema.string(), exp(a.value));
    case "fn::validate":
      return out(
        record([
          ["schema", Schema.always()],
          ["value", Schema.always()],
        ]),
        {
          range: argRange,
          object: { schema: exp(a.schema), value: exp(a.value) },
        },
      );
    default:
      return out(Schema.always(), exp(a.value));
  }
}

function missingExport(environment: string): ExprJSON {
  return { range: zeroRange(environment), schema: true };
}

export function convertRange(r: Range | undefined, environment: string): Range {
  if (!r) return zeroRange(environment);
  // Source ranges are never modified, so they are shared rather than copied.
  if (r.environment) return r;
  const out: Range = { begin: { ...r.begin }, end: { ...r.end } };
  if (r.environment) out.environment = r.environment;
  return out;
}

function exportAccessor(a: PropertyAccessor, environment: string): AccessorJSON {
  const range = convertRange(a.range, environment);
  if (a.kind === "name") return { key: a.name, range };
  return typeof a.index === "number" ? { index: a.index, range } : { key: a.index, range };
}

function exportPropertyAccessor(a: ResolvedAccessor, environment: string): PropertyAccessorJSON {
  const out = exportAccessor(a.accessor, environment) as PropertyAccessorJSON;
  out.value = a.value ? a.value.def.defRange(environment) : zeroRange("");
  return out;
}

export interface AccessorJSON {
  index?: number;
  key?: string;
  range: Range;
}
export interface PropertyAccessorJSON extends AccessorJSON {
  value: Range;
}
export interface InterpolationJSON {
  text?: string;
  value?: PropertyAccessorJSON[];
}
export interface BuiltinJSON {
  name: string;
  nameRange: Range;
  argSchema: SchemaJSON;
  arg: ExprJSON;
}
/** An exported expression (the `exprs` tree of an Environment). */
export interface ExprJSON {
  range: Range;
  schema?: SchemaJSON;
  base?: ExprJSON;
  keyRanges?: { [k: string]: Range };
  literal?: PlainValue;
  interpolate?: InterpolationJSON[];
  symbol?: PropertyAccessorJSON[];
  access?: { receiver: Range; accessors: AccessorJSON[] };
  list?: ExprJSON[];
  object?: { [k: string]: ExprJSON };
  builtin?: BuiltinJSON;
}
