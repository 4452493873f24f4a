// The evaluator (SEMANTICS §2–§7): imports evaluated and merged in order, expressions declared
// over their base values, then evaluated lazily with memoisation and explicit states so cycles
// become diagnostics. Check mode (validating) never calls providers; open calls them; rotate
// also calls rotators in the root environment.
import type { EnvironmentDecl, Expr as AstExpr, ImportDecl } from "./ast";
import type {
  ExecutionContext,
  PlainValue,
  ProviderRegistry,
  EnvironmentLoader,
  SecretCrypter,
  Value,
} from "./contract";
import { base64Encode, utf8Decode, utf8Encode } from "./bytes";
import { CiphertextError, decodeCiphertext } from "./ciphertext";
import { hasErrors, syntaxError, syntaxWarning, type SyntaxDiagnostic } from "./diagnostics";
import { DECLARED, DONE, EVALUATING, EvalExpr, type ExprRepr, type ResolvedAccessor } from "./expr";
import { GoJSONError, goDecodeBase64, goDecodeJSON, goMarshal, goSplit } from "./gojson";
import type { PropertyAccessor } from "./interpolation";
import { suggest } from "./suggest";
import type { DefinitionParser } from "./load";
import { joinKey } from "./paths";
import { compileSchema, jsonValueToPlain } from "./schema/json";
import { Schema, sortBytes, type JSONValue } from "./schema/schema";
import { Validator } from "./schema/validate";
import type { SyntaxNode } from "./syntax";
import { EvalValue, copyValue } from "./value";
import {
  fromPlain,
  fromJSONValue,
  plainToValue,
  toJSONValue,
  toPlain,
  toPlainKnown,
  unexport,
  valueTypeName,
} from "./convert";

interface Imported {
  evaluating: boolean;
  value?: EvalValue;
}

export interface Patch {
  docPath: string;
  replacement: Value;
}

/** Settings shared by the root evaluation and every imported environment's evaluation. */
export interface EvalSettings {
  validating: boolean;
  showSecrets: boolean;
  providers: ProviderRegistry;
  loader: EnvironmentLoader;
  /** The caller's execution context (without currentEnvironment/rootEnvironment). */
  context: ExecutionContext;
  rootName: string;
  signal?: AbortSignal;
  imports: Map<string, Imported>;
  parse: DefinitionParser;
}

const RESERVED_ROOT_KEYS = new Set(["imports", "context", "environments"]);

export class Evaluator {
  readonly diags: SyntaxDiagnostic[] = [];
  readonly patches: Patch[] = [];
  myContext!: EvalValue;
  myImports!: EvalValue;
  root!: EvalExpr;
  private base?: EvalValue;
  private depth = 0;
  private suggestionBudget = 500_000;

  constructor(
    private readonly s: EvalSettings,
    readonly name: string,
    private readonly decl: EnvironmentDecl,
    private readonly crypter: SecretCrypter,
    private readonly rotating: boolean,
    private readonly rotatePaths: Set<string> | undefined,
  ) {}

  private error(node: SyntaxNode | undefined, summary: string) {
    this.diags.push(syntaxError(node?.range, summary, node?.path ?? ""));
  }

  private exprError(x: EvalExpr, summary: string) {
    this.error(x.syntax(), summary);
  }

  private accessorError(x: EvalExpr, accessor: PropertyAccessor, summary: string) {
    const node = x.syntax();
    this.diags.push(syntaxError(accessor.range ?? node?.range, summary, node?.path ?? ""));
  }

  /** Evaluates the environment; returns the merged root value. */
  async evaluate(): Promise<EvalValue> {
    this.evaluateContext();
    await this.evaluateImports();
    const properties = new Map<string, EvalExpr>();
    this.root = new EvalExpr(`<${this.name}>`, { kind: "object", properties }, Schema.always(), this.base);
    for (const entry of this.decl.values?.entries ?? []) {
      const key = entry.key.value;
      if (RESERVED_ROOT_KEYS.has(key)) this.error(entry.key.node, `"${key}" is a reserved key`);
      else if (properties.has(key)) this.error(entry.key.node, `duplicate key "${key}"`);
      else
        properties.set(key, this.declareProperty(key, entry.value, this.base?.property(key, entry.key.node)));
    }
    return this.evaluateExpr(this.root);
  }

  private evaluateContext() {
    const ctx: { [k: string]: PlainValue } = {};
    for (const [k, v] of Object.entries(this.s.context)) {
      if (k !== "currentEnvironment" && k !== "rootEnvironment") ctx[k] = v;
      else if (this.s.rootName === this.name)
        this.error(undefined, `reserved context key: ${JSON.stringify(k)}`);
    }
    const anonymous = this.s.rootName === "" || this.s.rootName === "<yaml>";
    ctx.currentEnvironment = { name: this.name };
    ctx.rootEnvironment = { name: anonymous ? this.name : this.s.rootName };
    const def = new EvalExpr("", { kind: "missing" }, Schema.always());
    def.state = DONE;
    this.myContext = fromPlain(ctx, def, false);
  }

  private async evaluateImports() {
    const mine: Imported = { evaluating: true };
    this.s.imports.set(this.name, mine);
    const myImports = new Map<string, EvalValue>();
    try {
      for (const decl of this.decl.imports) await this.evaluateImport(myImports, decl);
    } finally {
      mine.evaluating = false;
    }
    const props = new Map<string, Schema>();
    for (const [k, v] of myImports) props.set(k, v.schema);
    const schema = Schema.record(props);
    const def = new EvalExpr("", { kind: "missing" }, schema);
    def.state = DONE;
    const val = new EvalValue(def, schema);
    val.repr = myImports;
    def.value = val;
    this.myImports = val;
  }

  private async importEnvironment(
    name: string,
    blame: SyntaxNode | undefined,
  ): Promise<EvalValue | undefined> {
    const existing = this.s.imports.get(name);
    if (existing) {
      if (existing.evaluating) {
        this.error(blame, `cyclic import of ${name}`);
        return undefined;
      }
      return existing.value;
    }
    let loaded;
    try {
      loaded = await this.s.loader.load(name);
    } catch (err) {
      this.error(blame, errorMessage(err));
      return undefined;
    }
    const { decl, diags } = this.s.parse(name, loaded.yaml);
    this.diags.push(...diags);
    // An imported environment with load errors is skipped (its diagnostics are reported).
    if (!decl || hasErrors(diags)) return undefined;
    const imp = new Evaluator(this.s, name, decl, loaded.crypter, false, undefined);
    const v = await imp.evaluate();
    this.diags.push(...imp.diags);
    const entry = this.s.imports.get(name);
    if (entry) entry.value = v;
    return v;
  }

  private async evaluateImport(myImports: Map<string, EvalValue>, decl: ImportDecl) {
    if (!decl.environment) return;
    const name = decl.environment.value;
    if (this.s.imports.get(name)?.evaluating) {
      this.error(decl.node, `cyclic import of ${name}`);
      return;
    }
    const val = await this.importEnvironment(name, decl.environment.node);
    if (!val) return;
    myImports.set(name, val);
    if (decl.merge ?? true) {
      const c = copyValue(val)!;
      c.merge(this.base);
      this.base = c;
    }
  }

  /** Declares an object property, honouring fn::final values in the base layer. */
  private declareProperty(path: string, x: AstExpr, base: EvalValue | undefined): EvalExpr {
    return this.declare(path, x, base);
  }

  private declare(path: string, x: AstExpr | undefined, base: EvalValue | undefined): EvalExpr {
    if (!x) return new EvalExpr(path, { kind: "missing" }, Schema.always(), base);
    switch (x.kind) {
      case "null":
        return new EvalExpr(path, { kind: "literal", ast: x }, Schema.null(), base);
      case "boolean":
        return new EvalExpr(path, { kind: "literal", ast: x }, Schema.constOf("boolean", x.value), base);
      case "number":
        return new EvalExpr(path, { kind: "literal", ast: x }, Schema.constOf("number", x.value), base);
      case "string":
        return new EvalExpr(path, { kind: "literal", ast: x }, Schema.constOf("string", x.value), base);
      case "interpolate":
        return new EvalExpr(
          path,
          {
            kind: "interpolate",
            ast: x,
            parts: x.parts.map((p) => ({
              text: p.text,
              accessors: p.value?.accessors.map((a) => ({ accessor: a })),
            })),
          },
          Schema.string(),
          base,
        );
      case "symbol":
        return new EvalExpr(
          path,
          { kind: "symbol", ast: x, accessors: x.access.accessors.map((a) => ({ accessor: a })) },
          Schema.always(),
          base,
        );
      case "array":
        return new EvalExpr(
          path,
          {
            kind: "array",
            ast: x,
            elements: x.elements.map((e, i) => this.declare(`${path}[${i}]`, e, undefined)),
          },
          Schema.arrayOf(Schema.always()),
          base,
        );
      case "object": {
        const properties = new Map<string, EvalExpr>();
        for (const e of x.entries) {
          const k = e.key.value;
          if (properties.has(k)) this.error(e.key.node, `duplicate key "${k}"`);
          else
            properties.set(k, this.declareProperty(joinKey(path, k), e.value, base?.property(k, e.key.node)));
        }
        return new EvalExpr(path, { kind: "object", ast: x, properties }, Schema.map(Schema.always()), base);
      }
      case "builtin": {
        const args: { [k: string]: EvalExpr } = {};
        for (const [k, a] of Object.entries(x.args)) if (a) args[k] = this.declare("", a, undefined);
        if (x.provider) args.provider = this.declare("", x.provider, undefined);
        if (args.plaintext) args.plaintext.secret = true;
        if (args.ciphertext) args.ciphertext.secret = true;
        let schema: Schema;
        switch (x.fn) {
          case "fn::join":
          case "fn::toBase64":
          case "fn::fromBase64":
          case "fn::toJSON":
          case "fn::toString":
          case "fn::secret":
            schema = Schema.string();
            break;
          case "fn::split":
            schema = Schema.arrayOf(Schema.string());
            break;
          case "fn::concat":
            schema = Schema.arrayOf(Schema.always());
            break;
          default:
            schema = Schema.always();
        }
        return new EvalExpr(
          path,
          { kind: "builtin", ast: x, args, inputSchema: Schema.always(), stateSchema: Schema.always() },
          schema,
          base,
        );
      }
    }
  }

  // What a value must conform to (the reference's `accept` schema) is checked by evaluateTyped
  // where a builtin needs it; evaluation itself does not depend on it, so it is not passed down.
  async evaluateExpr(x: EvalExpr): Promise<EvalValue> {
    if (x.state === DONE && x.value) return x.value;
    // Long reference chains recurse deeply; yielding to the microtask queue every so often
    // unwinds the native stack (the pending chain lives on the heap instead).
    if (++this.depth % 64 === 0) await Promise.resolve();
    try {
      return await this.evaluateExprAt(x);
    } finally {
      this.depth--;
    }
  }

  private async evaluateExprAt(x: EvalExpr): Promise<EvalValue> {
    if (x.state === EVALUATING) {
      this.exprError(x, `cyclic reference to ${x.path}`);
      return EvalValue.unknownOf(x, Schema.always());
    }
    if (x.base?.final) {
      // An importing environment cannot override a final value: keep the base, warn.
      const node = x.syntax();
      this.diags.push(syntaxWarning(node?.range, "cannot override final value", node?.path ?? ""));
      x.schema = x.base.schema;
      x.value = x.base;
      x.state = DONE;
      return x.base;
    }
    x.state = EVALUATING;
    try {
      return this.settle(x, await this.evaluateRepr(x));
    } finally {
      x.state = DONE;
    }
  }

  /** Records the value of an expression (merged over its base). */
  private settle(x: EvalExpr, val: EvalValue): EvalValue {
    if (x.secret) val.secret = true;
    val.merge(x.base);
    x.schema = val.schema;
    x.value = val;
    x.state = DONE;
    return val;
  }

  /**
   * The value of an expression that needs no awaiting (already evaluated, or a literal), or
   * undefined. Documents are mostly literals; awaiting each one cost more than evaluating it.
   */
  private evaluatedNow(x: EvalExpr): EvalValue | undefined {
    if (x.state === DONE && x.value) return x.value;
    const r = x.repr;
    if (x.state !== DECLARED || r.kind !== "literal" || x.base?.final) return undefined;
    return this.settle(x, literalValue(x, r));
  }

  private async evaluateRepr(x: EvalExpr): Promise<EvalValue> {
    const r = x.repr;
    switch (r.kind) {
      case "missing":
        return EvalValue.unknownOf(x, x.schema);
      case "literal":
        return literalValue(x, r);
      case "interpolate":
        return this.evaluateInterpolate(x, r.parts);
      case "symbol":
        return this.evaluatePropertyAccess(x, r.accessors);
      case "access":
        return EvalValue.unknownOf(x, x.schema);
      case "array": {
        const v = new EvalValue(x, x.schema);
        const items: EvalValue[] = [];
        for (const e of r.elements) items.push(this.evaluatedNow(e) ?? (await this.evaluateExpr(e)));
        v.repr = items;
        v.schema = Schema.tuple(items.map((i) => i.schema));
        return v;
      }
      case "object": {
        const v = new EvalValue(x, x.schema);
        const m = new Map<string, EvalValue>();
        const props = new Map<string, Schema>();
        const keys = sortBytes([...r.properties.keys()]);
        for (const k of keys) {
          const p = r.properties.get(k)!;
          const pv = this.evaluatedNow(p) ?? (await this.evaluateExpr(p));
          m.set(k, pv);
          props.set(k, pv.schema);
        }
        v.repr = m;
        v.schema = Schema.record(props, keys);
        return v;
      }
      case "builtin":
        return this.evaluateBuiltin(x, r);
    }
  }

  private async evaluateTyped(
    x: EvalExpr | undefined,
    accept: Schema,
  ): Promise<{ v: EvalValue; ok: boolean }> {
    const expr = x ?? new EvalExpr("", { kind: "missing" }, Schema.always());
    const v = await this.evaluateExpr(expr);
    const vv = new Validator();
    const ok = vv.validateValue(v, accept);
    this.diags.push(...vv.diags);
    return { v, ok };
  }

  private async evaluateInterpolate(
    x: EvalExpr,
    parts: { text: string; accessors?: ResolvedAccessor[] }[],
  ): Promise<EvalValue> {
    const v = new EvalValue(x, x.schema);
    let s = "";
    for (const p of parts) {
      s += p.text;
      if (p.accessors) {
        // Only the string form is needed, so the referenced value is read in place, not copied.
        const pv = await this.evaluateExprAccess(x, p.accessors);
        const t = pv.toStringParts();
        v.unknown = v.containsUnknowns() || t.unknown;
        v.secret = v.containsSecrets() || t.secret;
        if (!t.unknown) s += t.str;
      }
    }
    // Go quirk: an unknown interpolation still carries "[unknown]" as its value.
    v.repr = v.unknown ? "[unknown]" : s;
    return v;
  }

  private async evaluatePropertyAccess(x: EvalExpr, accessors: ResolvedAccessor[]): Promise<EvalValue> {
    const resolved = await this.evaluateExprAccess(x, accessors);
    const v = copyValue(resolved)!;
    v.def = x;
    return v;
  }

  private objectKey(x: EvalExpr, a: PropertyAccessor, must: boolean): string | undefined {
    if (a.kind === "name") return a.name;
    if (typeof a.index === "string") return a.index;
    if (must) this.accessorError(x, a, "cannot access an object property using an integer index");
    return undefined;
  }

  private arrayIndex(x: EvalExpr, a: PropertyAccessor, len: number): number | undefined {
    if (a.kind !== "subscript" || typeof a.index !== "number") {
      this.accessorError(x, a, "cannot access an array element using a property name");
      return undefined;
    }
    if (a.index < 0) {
      this.accessorError(x, a, "array indices must not be negative");
      return undefined;
    }
    if (len >= 0 && a.index >= len) {
      this.accessorError(x, a, `array index ${a.index} out-of-bounds for array of length ${len}`);
      return undefined;
    }
    return a.index;
  }

  private invalidAccess(x: EvalExpr, accessors: ResolvedAccessor[]): EvalValue {
    for (const a of accessors) {
      const def = new EvalExpr(
        "",
        { kind: "literal", ast: { kind: "null", node: x.syntax()! } },
        Schema.always(),
      );
      // Keep the blamed node's range for the synthetic definition.
      def.repr = { kind: "missing", node: x.syntax() };
      def.state = DONE;
      a.value = EvalValue.unknownOf(def, Schema.always());
    }
    return accessors[accessors.length - 1].value!;
  }

  private async evaluateExprAccess(x: EvalExpr, accessors: ResolvedAccessor[]): Promise<EvalValue> {
    let receiver: EvalExpr | undefined = this.root;
    const k = this.objectKey(x, accessors[0].accessor, false);
    if (k === "imports") {
      accessors[0].value = this.myImports;
      return this.evaluateValueAccess(x, this.myImports, accessors.slice(1));
    }
    if (k === "context") {
      accessors[0].value = this.myContext;
      return this.evaluateValueAccess(x, this.myContext, accessors.slice(1));
    }
    if (k === "environments") return this.evaluateEnvironmentReference(x, accessors);

    let rest = accessors;
    while (rest.length > 0) {
      const accessor = rest[0];
      if (!receiver) {
        this.exprError(x, "internal error: no receiver");
        return this.invalidAccess(x, rest);
      }
      const r: EvalExpr["repr"] = receiver.repr;
      if (r.kind === "array") {
        const index = this.arrayIndex(x, accessor.accessor, r.elements.length);
        if (index === undefined) return this.invalidAccess(x, rest);
        receiver = r.elements[index];
      } else if (r.kind === "object") {
        const key = this.objectKey(x, accessor.accessor, true);
        if (key === undefined) return this.invalidAccess(x, rest);
        const prop = r.properties.get(key);
        if (!prop) {
          if (receiver.base?.isObject()) return this.evaluateValueAccess(x, receiver.base, rest);
          this.unknownProperty(x, accessor.accessor, key, r.properties);
          return this.invalidAccess(x, rest);
        }
        receiver = prop;
      } else if (
        r.kind === "builtin" &&
        r.ast.fn === "fn::secret" &&
        r.args.plaintext &&
        !r.args.ciphertext
      ) {
        // Secret expressions are transparent to accessors.
        receiver = r.args.plaintext;
        continue;
      } else {
        return this.evaluateValueAccess(x, await this.evaluateExpr(receiver), rest);
      }
      const synthetic = new EvalValue(receiver, receiver.schema);
      synthetic.base = receiver.base;
      accessor.value = synthetic;
      rest = rest.slice(1);
    }
    return this.evaluateExpr(receiver!);
  }

  private unknownProperty(x: EvalExpr, accessor: PropertyAccessor, key: string, keys: Map<string, unknown>) {
    let msg = `unknown property ${JSON.stringify(key)}`;
    // Suggestions cost one edit distance per key; a budget keeps documents full of broken
    // references (each checked against thousands of keys) from taking seconds.
    this.suggestionBudget -= keys.size;
    const best = this.suggestionBudget >= 0 ? suggest(key, keys) : undefined;
    if (best !== undefined) msg += `; did you mean ${JSON.stringify(best)}?`;
    this.accessorError(x, accessor, msg);
  }

  private async evaluateEnvironmentReference(x: EvalExpr, accessors: ResolvedAccessor[]): Promise<EvalValue> {
    if (accessors.length < 3) return this.invalidAccess(x, accessors);
    const proj = this.objectKey(x, accessors[1].accessor, true);
    const env = this.objectKey(x, accessors[2].accessor, true);
    if (proj === undefined || env === undefined) return this.invalidAccess(x, accessors);
    const qualified = `${proj}/${env}`;
    let imported = await this.importEnvironment(qualified, x.syntax());
    if (!imported) {
      // The reference resolves a failed inline import to an unknown with no source.
      const def = new EvalExpr("", { kind: "missing" }, Schema.always());
      def.state = DONE;
      imported = EvalValue.unknownOf(def, Schema.always());
    }
    const wrap = (key: string, v: EvalValue) => {
      const w = new EvalValue(x, Schema.record(new Map([[key, v.schema]])));
      w.repr = new Map([[key, v]]);
      return w;
    };
    const ref = wrap("environments", wrap(proj, wrap(env, imported)));
    return this.evaluateValueAccess(x, ref, accessors);
  }

  private evaluateValueAccess(x: EvalExpr, receiver: EvalValue, accessors: ResolvedAccessor[]): EvalValue {
    let rest = accessors;
    let recv = receiver;
    while (rest.length > 0) {
      const accessor = rest[0];
      if (recv.unknown) return this.evaluateUnknownAccess(x, recv.schema, rest);
      const r = recv.repr;
      if (Array.isArray(r)) {
        const index = this.arrayIndex(x, accessor.accessor, r.length);
        if (index === undefined) return this.invalidAccess(x, rest);
        recv = r[index];
      } else if (r instanceof Map) {
        const key = this.objectKey(x, accessor.accessor, true);
        if (key === undefined) return this.invalidAccess(x, rest);
        const prop = r.get(key);
        if (!prop) {
          if (recv.base?.isObject()) return this.evaluateValueAccess(x, recv.base, rest);
          this.unknownProperty(x, accessor.accessor, key, r);
          return this.invalidAccess(x, rest);
        }
        recv = prop;
      } else {
        this.accessorError(x, accessor.accessor, "receiver must be an array or an object");
        return this.invalidAccess(x, rest);
      }
      accessor.value = recv;
      rest = rest.slice(1);
    }
    return recv;
  }

  private evaluateUnknownAccess(x: EvalExpr, schema: Schema, accessors: ResolvedAccessor[]): EvalValue {
    let receiver = schema;
    let val: EvalValue | undefined;
    for (let i = 0; i < accessors.length; i++) {
      const accessor = accessors[i];
      if (!receiver.always) {
        const resolved = receiver;
        if (resolved.type === "array") {
          const n = resolved.items?.never ? (resolved.prefixItems?.length ?? 0) : -1;
          const index = this.arrayIndex(x, accessor.accessor, n);
          if (index === undefined) return this.invalidAccess(x, accessors.slice(i));
          receiver = resolved.item(index);
        } else if (resolved.type === "object") {
          const key = this.objectKey(x, accessor.accessor, true);
          if (key === undefined) return this.invalidAccess(x, accessors.slice(i));
          receiver = resolved.property(key);
        } else {
          this.accessorError(x, accessor.accessor, "receiver must be an array or an object");
          return this.invalidAccess(x, accessors.slice(i));
        }
      }
      const def = new EvalExpr("", { kind: "missing", node: x.syntax() }, receiver);
      def.state = DONE;
      val = EvalValue.unknownOf(def, receiver);
      accessor.value = val;
    }
    return val!;
  }

  private async evaluateBuiltin(
    x: EvalExpr,
    r: Extract<EvalExpr["repr"], { kind: "builtin" }>,
  ): Promise<EvalValue> {
    const a = r.args;
    const v = new EvalValue(x, x.schema);
    const unknown = () => {
      v.unknown = true;
      return v;
    };
    switch (r.ast.fn) {
      case "fn::open":
        return this.evaluateOpen(x, r);
      case "fn::rotate":
        return this.evaluateRotate(x, r);
      case "fn::secret":
        return this.evaluateSecret(x, r);
      case "fn::final": {
        const inner = await this.evaluateExpr(a.value);
        const out = copyValue(inner)!;
        out.def = x;
        out.final = true;
        return out;
      }
      case "fn::join": {
        const d = await this.evaluateTyped(a.delimiter, Schema.string());
        const vs = await this.evaluateTyped(a.values, Schema.arrayOf(Schema.string()));
        if (!d.ok || !vs.ok) return unknown();
        v.combine(d.v, vs.v);
        if (!v.unknown)
          v.repr = (vs.v.repr as EvalValue[]).map((e) => e.repr as string).join(d.v.repr as string);
        return v;
      }
      case "fn::split": {
        const d = await this.evaluateTyped(a.delimiter, Schema.string());
        const str = await this.evaluateTyped(a.string, Schema.string());
        if (!d.ok || !str.ok) return unknown();
        v.combine(d.v, str.v);
        if (!v.unknown) {
          const parts = goSplit(str.v.repr as string, d.v.repr as string);
          v.repr = parts.map((p) => {
            const e = new EvalValue(x, Schema.string());
            e.repr = p;
            return e;
          });
        }
        return v;
      }
      case "fn::concat": {
        const t = await this.evaluateTyped(a.arrays, Schema.arrayOf(Schema.arrayOf(Schema.always())));
        if (!t.ok) return unknown();
        v.combine(t.v);
        if (!v.unknown) {
          const items = (t.v.repr as EvalValue[]).flatMap((arr) => arr.repr as EvalValue[]);
          v.repr = items;
          v.schema = Schema.tuple(items.map((i) => i.schema));
        }
        return v;
      }
      case "fn::toBase64": {
        const t = await this.evaluateTyped(a.value, Schema.string());
        if (!t.ok) return unknown();
        v.combine(t.v);
        if (!v.unknown) v.repr = base64Encode(utf8Encode(t.v.repr as string));
        return v;
      }
      case "fn::fromBase64": {
        const t = await this.evaluateTyped(a.value, Schema.string());
        if (!t.ok) return unknown();
        v.combine(t.v);
        if (!v.unknown) {
          try {
            v.repr = utf8Decode(goDecodeBase64(t.v.repr as string));
          } catch (err) {
            this.exprError(x, `decoding base64 string: ${errorMessage(err)}`);
            return unknown();
          }
        }
        return v;
      }
      case "fn::fromJSON": {
        const t = await this.evaluateTyped(a.value, Schema.string());
        if (!t.ok) return unknown();
        v.combine(t.v);
        if (!v.unknown) {
          let parsed: JSONValue;
          try {
            parsed = goDecodeJSON(t.v.repr as string);
          } catch (err) {
            // Go's messages quote the offending character; for a secret input that would leak
            // part of the secret into the diagnostic, so it gets a generic message instead.
            const detail = v.secret
              ? "invalid JSON in a secret value"
              : err instanceof GoJSONError
                ? err.message
                : errorMessage(err);
            this.exprError(x, `decoding JSON string: ${detail}`);
            return unknown();
          }
          const out = fromJSONValue(parsed, x, v.secret);
          return out;
        }
        return v;
      }
      case "fn::toJSON": {
        const inner = await this.evaluateExpr(a.value);
        v.combine(inner);
        if (!v.unknown) v.repr = goMarshal(toJSONValue(inner));
        return v;
      }
      case "fn::toString": {
        const inner = await this.evaluateExpr(a.value);
        const t = inner.toStringParts();
        v.unknown = t.unknown;
        v.secret = t.secret;
        if (!t.unknown) v.repr = t.str;
        return v;
      }
      case "fn::validate":
        return this.evaluateValidate(x, r);
    }
  }

  private async evaluateValidate(
    x: EvalExpr,
    r: Extract<EvalExpr["repr"], { kind: "builtin" }>,
  ): Promise<EvalValue> {
    const schemaV = r.args.schema ? await this.evaluateExpr(r.args.schema) : undefined;
    const value = r.args.value ? await this.evaluateExpr(r.args.value) : undefined;
    if (!value) return EvalValue.unknownOf(x, Schema.always());
    const out = copyValue(value)!;
    out.def = x;
    if (!schemaV || schemaV.containsUnknowns()) return out;
    let schema: Schema;
    try {
      schema = compileSchema(jsonValueToPlain(toJSONValue(schemaV)));
    } catch (err) {
      this.exprError(r.args.schema!, `invalid schema: ${errorMessage(err)}`);
      out.unknown = true;
      return out;
    }
    const vv = new Validator();
    const ok = vv.validateValue(value, schema);
    this.diags.push(...vv.diags);
    if (!ok) out.unknown = true;
    return out;
  }

  private async evaluateSecret(
    x: EvalExpr,
    r: Extract<EvalExpr["repr"], { kind: "builtin" }>,
  ): Promise<EvalValue> {
    if (r.args.plaintext) return this.evaluateExpr(r.args.plaintext);
    const v = new EvalValue(x, x.schema);
    v.secret = true;
    const ct = r.args.ciphertext;
    const text = ct?.repr.kind === "literal" && ct.repr.ast.kind === "string" ? ct.repr.ast.value : "";
    let bytes: Uint8Array;
    try {
      bytes = decodeCiphertext(text);
    } catch (err) {
      this.exprError(
        x,
        `invalid ciphertext: ${err instanceof CiphertextError ? err.message : errorMessage(err)}`,
      );
      v.unknown = true;
      return v;
    }
    if (this.s.validating && !this.s.showSecrets) {
      v.unknown = true;
      return v;
    }
    try {
      const plain = await this.crypter.decrypt(bytes);
      v.repr = utf8Decode(plain);
    } catch (err) {
      this.exprError(x, `decrypting: ${errorMessage(err)}`);
      v.unknown = true;
    }
    return v;
  }

  private compileProviderSchema(x: EvalExpr, json: unknown, what: string): Schema | undefined {
    try {
      return compileSchema(json);
    } catch (err) {
      this.exprError(x, `internal error: invalid ${what} (${errorMessage(err)})`);
      return undefined;
    }
  }

  private call() {
    return {
      currentEnvironment: this.name,
      rootEnvironment: this.s.rootName === "" || this.s.rootName === "<yaml>" ? this.name : this.s.rootName,
      executionContext: this.contextPlain(),
      signal: this.s.signal,
    };
  }

  private contextPlain(): ExecutionContext {
    return toPlain(this.myContext) as ExecutionContext;
  }

  private async evaluateOpen(
    x: EvalExpr,
    r: Extract<EvalExpr["repr"], { kind: "builtin" }>,
  ): Promise<EvalValue> {
    const v = new EvalValue(x, Schema.always());
    const name = r.ast.provider?.value;
    if (name === undefined) {
      await this.evaluateTyped(r.args.inputs, Schema.always());
      v.unknown = true;
      return v;
    }
    let provider;
    let failed = false;
    try {
      provider = this.s.providers.provider(name);
    } catch (err) {
      this.exprError(x, errorMessage(err));
      failed = true;
    }
    if (!provider) {
      if (!failed) this.exprError(x, `unknown provider ${JSON.stringify(name)}`);
      failed = true;
    } else {
      let schemas;
      try {
        schemas = provider.schema();
      } catch (err) {
        this.exprError(x, `internal error: invalid input schema (${errorMessage(err)})`);
        failed = true;
      }
      if (schemas) {
        const input = this.compileProviderSchema(x, schemas.inputs, "input schema");
        if (input) r.inputSchema = input;
        const output = this.compileProviderSchema(x, schemas.outputs, "schema");
        if (output) x.schema = output;
      }
    }
    v.schema = x.schema;
    const inputs = await this.evaluateTyped(r.args.inputs, r.inputSchema);
    if (!inputs.ok || inputs.v.containsUnknowns() || this.s.validating || failed || !provider) {
      v.unknown = true;
      return v;
    }
    if (!(inputs.v.repr instanceof Map)) {
      this.exprError(r.args.inputs ?? x, `provider inputs must be an object, got ${valueTypeName(inputs.v)}`);
      v.unknown = true;
      return v;
    }
    if (this.s.signal?.aborted) {
      this.exprError(x, "evaluation cancelled");
      v.unknown = true;
      return v;
    }
    let output: Value;
    try {
      output = await provider.open(toPlain(inputs.v) as { [k: string]: PlainValue }, this.call());
    } catch (err) {
      this.exprError(x, errorMessage(err));
      v.unknown = true;
      return v;
    }
    return unexport(output, x);
  }

  private async evaluateRotate(
    x: EvalExpr,
    r: Extract<EvalExpr["repr"], { kind: "builtin" }>,
  ): Promise<EvalValue> {
    const v = new EvalValue(x, Schema.always());
    const name = r.ast.provider?.value;
    if (name === undefined) {
      v.unknown = true;
      return v;
    }
    let rotator;
    let failed = false;
    try {
      rotator = this.s.providers.rotator(name);
    } catch (err) {
      this.exprError(x, errorMessage(err));
      failed = true;
    }
    let rotateOnly: string[] = [];
    if (!rotator) {
      if (!failed) this.exprError(x, `unknown rotator ${JSON.stringify(name)}`);
      failed = true;
    } else {
      let schemas;
      try {
        schemas = rotator.schema();
      } catch (err) {
        this.exprError(x, `internal error: invalid input schema (${errorMessage(err)})`);
        failed = true;
      }
      if (schemas) {
        const input = this.compileProviderSchema(x, schemas.inputs, "input schema");
        if (input) {
          r.inputSchema = input;
          rotateOnly = input.rotateOnly ?? [];
        }
        const state = this.compileProviderSchema(x, schemas.state, "state schema");
        if (state) r.stateSchema = Schema.oneOf(state, Schema.null());
        const output = this.compileProviderSchema(x, schemas.outputs, "schema");
        if (output) x.schema = output;
      }
    }
    v.schema = x.schema;
    const inputs = await this.evaluateRotateInputs(r, rotateOnly);
    const state = await this.evaluateTyped(r.args.state, r.stateSchema);
    if (
      !inputs.ok ||
      inputs.v.containsObservableUnknowns() ||
      !state.ok ||
      state.v.containsUnknowns() ||
      this.s.validating ||
      failed ||
      !rotator
    ) {
      v.unknown = true;
      return v;
    }
    if (!(inputs.v.repr instanceof Map)) {
      this.exprError(r.args.inputs ?? x, `rotator inputs must be an object, got ${valueTypeName(inputs.v)}`);
      v.unknown = true;
      return v;
    }
    const plainInputs = toPlainKnown(inputs.v) as { [k: string]: PlainValue };
    let plainState: PlainValue = state.v.repr instanceof Map ? toPlain(state.v) : null;
    const docPath = x.syntax()?.path ?? "";
    if (this.shouldRotate(docPath)) {
      let patch: Value;
      try {
        if (rotator.rotateValues) {
          const valueInputs = inputs.v.export("").value as { [k: string]: Value };
          patch = await rotator.rotateValues(
            valueInputs,
            state.v.repr instanceof Map ? state.v.export("") : undefined,
            this.call(),
          );
        } else {
          patch = plainToValue(await rotator.rotate(plainInputs, plainState, this.call()));
        }
      } catch (err) {
        this.exprError(x, `rotate: ${errorMessage(err)}`);
        v.unknown = true;
        return v;
      }
      this.patches.push({ docPath: `${joinKey(docPath, r.ast.name)}.state`, replacement: patch });
      const newState = toPlain(unexport(patch, x));
      plainState =
        newState !== null && typeof newState === "object" && !Array.isArray(newState) ? newState : null;
    }
    let output: Value;
    try {
      output = await rotator.open(plainInputs, plainState, this.call());
    } catch (err) {
      this.exprError(x, errorMessage(err));
      v.unknown = true;
      return v;
    }
    return unexport(output, x);
  }

  /**
   * Rotator inputs: properties the input schema marks rotate-only are evaluated only when
   * rotating or when checking the root environment; otherwise they are tolerated unknowns.
   */
  private async evaluateRotateInputs(
    r: Extract<EvalExpr["repr"], { kind: "builtin" }>,
    rotateOnly: string[],
  ) {
    const inputs = r.args.inputs;
    const isRoot = this.s.imports.size === 1 || this.name === this.s.rootName;
    const evaluateRotateOnly = this.rotating || (this.s.validating && isRoot);
    if (rotateOnly.length === 0 || evaluateRotateOnly || !inputs || inputs.repr.kind !== "object") {
      return this.evaluateTyped(inputs, r.inputSchema);
    }
    for (const k of rotateOnly) {
      const p = inputs.repr.properties.get(k);
      if (p && p.state !== DONE) {
        const u = EvalValue.unknownOf(p, Schema.always());
        u.rotateOnly = true;
        p.value = u;
        p.state = DONE;
      }
    }
    return this.evaluateTyped(inputs, r.inputSchema);
  }

  private shouldRotate(docPath: string): boolean {
    if (!this.rotating) return false;
    if (!this.rotatePaths || this.rotatePaths.size === 0) return true;
    return this.rotatePaths.has(docPath);
  }
}

function literalValue(x: EvalExpr, r: Extract<ExprRepr, { kind: "literal" }>): EvalValue {
  const v = new EvalValue(x, x.schema);
  v.repr = r.ast.kind === "null" ? null : r.ast.value;
  return v;
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
