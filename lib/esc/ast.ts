// Syntax tree → environment declaration and expressions (SEMANTICS §1.2, §2, §6). AST errors are
// reported but never stop evaluation: a malformed builtin argument becomes a placeholder.
import { syntaxError, syntaxWarning, type SyntaxDiagnostic } from "./diagnostics";
import { parseInterpolation, type InterpolationPart, type PropertyAccess } from "./interpolation";
import type { GoNumber } from "./number";
import type { ArrayNode, ObjectNode, StringNode, SyntaxNode } from "./syntax";
import { levenshtein } from "./levenshtein";

interface ExprBase {
  node: SyntaxNode;
}
export interface NullExpr extends ExprBase {
  kind: "null";
}
export interface BooleanExpr extends ExprBase {
  kind: "boolean";
  value: boolean;
}
export interface NumberExpr extends ExprBase {
  kind: "number";
  value: GoNumber;
}
export interface StringExpr extends ExprBase {
  kind: "string";
  node: StringNode;
  value: string;
}
export interface InterpolateExpr extends ExprBase {
  kind: "interpolate";
  parts: InterpolationPart[];
}
export interface SymbolExpr extends ExprBase {
  kind: "symbol";
  access: PropertyAccess;
}
export interface ArrayExpr extends ExprBase {
  kind: "array";
  elements: Expr[];
}
export interface ObjectEntryExpr {
  key: StringExpr;
  value: Expr;
}
export interface ObjectExpr extends ExprBase {
  kind: "object";
  entries: ObjectEntryExpr[];
}

export type BuiltinName =
  | "fn::concat"
  | "fn::final"
  | "fn::fromBase64"
  | "fn::fromJSON"
  | "fn::join"
  | "fn::open"
  | "fn::rotate"
  | "fn::secret"
  | "fn::split"
  | "fn::toBase64"
  | "fn::toJSON"
  | "fn::toString"
  | "fn::validate";

/** A builtin call: `node` is the whole single-key mapping. */
export interface BuiltinExpr extends ExprBase {
  kind: "builtin";
  node: ObjectNode;
  /** The name as written (`fn::open::aws-login` for the short form). */
  name: string;
  fn: BuiltinName;
  nameNode: StringNode;
  argNode: SyntaxNode;
  /** The argument as an ordinary expression (used for export of simple builtins). */
  arg?: Expr;
  /** Named/positional argument expressions; absent ones are undefined (parse errors). */
  args: { [name: string]: Expr | undefined };
  /** fn::open / fn::rotate provider name (string literal), if valid. */
  provider?: StringExpr;
}

export type Expr =
  | NullExpr
  | BooleanExpr
  | NumberExpr
  | StringExpr
  | InterpolateExpr
  | SymbolExpr
  | ArrayExpr
  | ObjectExpr
  | BuiltinExpr;

export interface ImportDecl {
  node: SyntaxNode;
  environment?: StringExpr;
  merge?: boolean;
}

export interface EnvironmentDecl {
  node?: SyntaxNode;
  description?: StringExpr;
  imports: ImportDecl[];
  values?: { node: ObjectNode; entries: ObjectEntryExpr[] };
}

/** Every builtin name the evaluator knows (the editor's JSON schema is generated from it). */
export const BUILTINS: ReadonlySet<string> = new Set<string>([
  "fn::concat",
  "fn::final",
  "fn::fromBase64",
  "fn::fromJSON",
  "fn::join",
  "fn::open",
  "fn::rotate",
  "fn::secret",
  "fn::split",
  "fn::toBase64",
  "fn::toJSON",
  "fn::toString",
  "fn::validate",
]);

function builtinName(key: string): BuiltinName | undefined {
  if (BUILTINS.has(key)) return key as BuiltinName;
  if (key.startsWith("fn::open::")) return "fn::open";
  if (key.startsWith("fn::rotate::")) return "fn::rotate";
  return undefined;
}

/** `fn::` in any case, without lower-casing every key of a large document. */
function hasBuiltinPrefix(key: string): boolean {
  return /^fn::/i.test(key);
}

const MAX_EXPR_DEPTH = 512;

export class Parser {
  readonly diags: SyntaxDiagnostic[] = [];

  private error(node: SyntaxNode | undefined, summary: string) {
    this.diags.push(syntaxError(node?.range, summary, node?.path ?? ""));
  }

  parseEnvironment(node: SyntaxNode | undefined): EnvironmentDecl {
    const decl: EnvironmentDecl = { node, imports: [] };
    if (node === undefined) return decl;
    if (node.kind !== "object") {
      this.error(node, "environment must be an object");
      return decl;
    }
    const seen = new Map<string, boolean>();
    for (const entry of node.entries) {
      const key = entry.key.value;
      const lower = key.toLowerCase();
      if (lower !== "description" && lower !== "imports" && lower !== "values") {
        this.diags.push(syntaxWarning(entry.key.range, unknownFieldMessage(key), entry.key.path));
        continue;
      }
      if (seen.has(lower))
        this.diags.push(syntaxWarning(entry.key.range, `duplicate key "${key}"`, entry.key.path));
      seen.set(lower, true);
      if (lower === "description") {
        decl.description = undefined;
        const x = this.parseExpr(entry.value);
        if (x.kind === "string") decl.description = x;
        else this.error(entry.value, "description must be a string");
      } else if (lower === "imports") {
        decl.imports = this.parseImports(entry.value);
      } else {
        decl.values = undefined;
        if (entry.value.kind !== "object") {
          this.error(entry.value, "values must be an object");
          continue;
        }
        const entries: ObjectEntryExpr[] = [];
        for (const e of entry.value.entries) {
          if (hasBuiltinPrefix(e.key.value)) {
            this.error(e.key, `builtin function call "${e.key.value}" not allowed at the top level`);
          }
          entries.push({
            key: { kind: "string", node: e.key, value: e.key.value },
            value: this.parseExpr(e.value),
          });
        }
        decl.values = { node: entry.value, entries };
      }
    }
    return decl;
  }

  private parseImports(node: SyntaxNode): ImportDecl[] {
    if (node.kind !== "array") {
      this.error(node, "imports must be a list");
      return [];
    }
    const imports: ImportDecl[] = [];
    for (const el of node.elements) {
      if (el.kind === "string") {
        imports.push({ node: el, environment: { kind: "string", node: el, value: el.value } });
      } else if (el.kind === "object") {
        if (el.entries.length !== 1) {
          this.error(el, "import must have a single key");
          imports.push({ node: el });
          continue;
        }
        const { key, value } = el.entries[0];
        const decl: ImportDecl = { node: el, environment: { kind: "string", node: key, value: key.value } };
        if (value.kind !== "object") {
          this.error(value, "import must be an object");
        } else {
          for (const opt of value.entries) {
            if (opt.key.value.toLowerCase() !== "merge") continue;
            if (opt.value.kind === "boolean") decl.merge = opt.value.value;
            else this.error(opt.value, "merge must be a boolean value");
          }
        }
        imports.push(decl);
      } else {
        this.error(el, "import must be a string or an object");
        imports.push({ node: el });
      }
    }
    return imports;
  }

  parseExpr(node: SyntaxNode, depth = 0): Expr {
    if (depth > MAX_EXPR_DEPTH) {
      this.error(node, `expression nesting exceeds the maximum depth of ${MAX_EXPR_DEPTH}`);
      return { kind: "null", node };
    }
    switch (node.kind) {
      case "null":
        return { kind: "null", node };
      case "boolean":
        return { kind: "boolean", node, value: node.value };
      case "number":
        return { kind: "number", node, value: node.value };
      case "string":
        return this.parseString(node);
      case "array":
        return { kind: "array", node, elements: node.elements.map((e) => this.parseExpr(e, depth + 1)) };
      case "object":
        return this.parseObject(node, depth);
    }
  }

  private parseString(node: StringNode): Expr {
    if (!node.value.includes("$")) return { kind: "string", node, value: node.value };
    const { parts, diags } = parseInterpolation(node);
    this.diags.push(...diags);
    if (parts.length === 1 && parts[0].value === undefined)
      return { kind: "string", node, value: parts[0].text };
    if (parts.length === 1 && parts[0].text === "" && parts[0].value)
      return { kind: "symbol", node, access: parts[0].value };
    return { kind: "interpolate", node, parts };
  }

  private parseObject(node: ObjectNode, depth: number): Expr {
    if (node.entries.length === 1) {
      const key = node.entries[0].key;
      const fn = builtinName(key.value);
      if (fn) return this.parseBuiltin(node, fn, depth);
      if (hasBuiltinPrefix(key.value)) this.error(key, "'fn::' is a reserved prefix");
    } else {
      for (const e of node.entries) {
        if (e.key.value.startsWith("fn::")) {
          this.error(
            node,
            `illegal call to builtin function: "${e.key.value}" must be the only key within its containing object`,
          );
        }
      }
    }
    const entries: ObjectEntryExpr[] = [];
    for (const e of node.entries) {
      const k = this.parseString(e.key);
      if (k.kind !== "string") {
        this.error(e.key, "object keys must be strings");
        continue;
      }
      entries.push({
        key: { kind: "string", node: e.key, value: e.key.value },
        value: this.parseExpr(e.value, depth + 1),
      });
    }
    return { kind: "object", node, entries };
  }

  private parseBuiltin(node: ObjectNode, fn: BuiltinName, depth: number): BuiltinExpr {
    const { key: nameNode, value: argNode } = node.entries[0];
    const b: BuiltinExpr = { kind: "builtin", node, name: nameNode.value, fn, nameNode, argNode, args: {} };
    const parse = (n: SyntaxNode) => this.parseExpr(n, depth + 1);
    switch (fn) {
      case "fn::open":
      case "fn::rotate":
        this.parseProviderCall(b, fn, parse);
        break;
      case "fn::secret":
        this.parseSecret(b);
        break;
      case "fn::join":
      case "fn::split": {
        const [a0, a1] = fn === "fn::join" ? ["delimiter", "values"] : ["delimiter", "string"];
        if (argNode.kind !== "array" || argNode.elements.length !== 2) {
          this.error(argNode, `the argument to ${fn} must be a two-valued list`);
          break;
        }
        b.args[a0] = parse(argNode.elements[0]);
        b.args[a1] = parse(argNode.elements[1]);
        break;
      }
      case "fn::concat":
        if (argNode.kind !== "array")
          this.error(argNode, "the argument to fn::concat must be an array of arrays");
        b.args.arrays = parse(argNode);
        break;
      case "fn::validate": {
        if (argNode.kind !== "object") {
          this.error(
            argNode,
            "the argument to fn::validate must be an object containing 'schema' and 'value'",
          );
          break;
        }
        const schema = argNode.entries.find((e) => e.key.value === "schema");
        const value = argNode.entries.find((e) => e.key.value === "value");
        if (!schema) this.error(argNode, "missing required property 'schema'");
        if (!value) this.error(argNode, "missing required property 'value'");
        if (schema) b.args.schema = parse(schema.value);
        if (value) b.args.value = parse(value.value);
        break;
      }
      default:
        b.args.value = parse(argNode);
        b.arg = b.args.value;
    }
    return b;
  }

  private parseProviderCall(b: BuiltinExpr, fn: "fn::open" | "fn::rotate", parse: (n: SyntaxNode) => Expr) {
    const argNode = b.argNode;
    const long = b.name === fn;
    if (!long) b.provider = { kind: "string", node: b.nameNode, value: b.name.slice(fn.length + 2) };
    if (fn === "fn::open" && !long) {
      // The short form's argument is the inputs themselves.
      b.args.inputs = parse(argNode);
      return;
    }
    if (argNode.kind !== "object") {
      const what =
        fn === "fn::open"
          ? "'provider' and 'inputs'"
          : long
            ? "'provider', 'inputs' and 'state'"
            : "'inputs' and 'state'";
      this.error(argNode, `the argument to ${fn} must be an object containing ${what}`);
      return;
    }
    const field = (k: string) => argNode.entries.find((e) => e.key.value === k)?.value;
    if (long) {
      const provider = field("provider");
      if (provider === undefined) this.error(argNode, "missing provider name ('provider')");
      else if (provider.kind !== "string") this.error(provider, "provider name must be a string literal");
      else {
        const x = parse(provider);
        if (x.kind === "string") b.provider = x;
        else this.error(provider, "provider name must be a string literal");
      }
    }
    const inputs = field("inputs");
    if (inputs === undefined) this.error(argNode, "missing provider inputs ('inputs')");
    else b.args.inputs = parse(inputs);
    if (fn === "fn::rotate") {
      const state = field("state");
      if (state === undefined) {
        // A missing state is a null literal without a source (the reference's ast.Null()).
        b.args.state = { kind: "null", node: { kind: "null", path: "" } };
      } else {
        const x = parse(state);
        if (x.kind === "object") b.args.state = x;
        else this.error(state, "rotation state must be an object literal");
      }
    }
  }

  private parseSecret(b: BuiltinExpr) {
    const argNode = b.argNode;
    if (argNode.kind === "string") {
      const x = this.parseString(argNode);
      if (x.kind === "string") {
        b.args.plaintext = x;
        return;
      }
    } else if (
      argNode.kind === "object" &&
      argNode.entries.length === 1 &&
      argNode.entries[0].key.value === "ciphertext"
    ) {
      const c = argNode.entries[0].value;
      if (c.kind === "string") {
        const x = this.parseString(c);
        if (x.kind === "string") {
          b.args.ciphertext = x;
          return;
        }
      }
    }
    this.error(argNode, "secret values must be string literals");
    // The value becomes an empty (secret) string.
    b.args.plaintext = {
      kind: "string",
      node: { kind: "string", value: "", plain: false, path: argNode.path },
      value: "",
    };
  }
}

/** `Field 'k' does not exist on Object 'environment'. Existing fields are: …` sorted by edit distance. */
function unknownFieldMessage(key: string): string {
  const fields = ["description", "imports", "values"];
  const norm = key.toLowerCase().replace(/_/g, "");
  const scored = fields.map((f, i) => ({ f, i, d: levenshtein(norm, f) }));
  scored.sort((a, b) => a.d - b.d || a.i - b.i);
  return `Field '${key}' does not exist on Object 'environment'. Existing fields are: ${scored.map((s) => `'${s.f}'`).join(", ")}`;
}

export type { ArrayNode };
