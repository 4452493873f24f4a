// Evaluated values inside the evaluator (SEMANTICS §5.2, §8.2). A value may have a base (the
// imported value it overrides); object keys and properties are always read through `keys()` and
// `property()`, which apply the JSON-merge-patch-like rule over the base chain. `merge` mutates,
// so callers copy first (the reference's copy-then-merge is ported literally because the golden
// traces depend on it).
import type { Value } from "./contract";
import { GoNumber } from "./number";
import { Schema, sortBytes, sortedEntries } from "./schema/schema";
import { mergedSchema } from "./schema/merge";
import { DONE, EvalExpr } from "./expr";
import type { SyntaxNode } from "./syntax";

export type Repr = null | boolean | GoNumber | string | EvalValue[] | Map<string, EvalValue>;

export class EvalValue {
  base?: EvalValue;
  unknown = false;
  secret = false;
  /** Produced by fn::final: importing environments cannot override it. */
  final = false;
  /** Unknown only because it comes from a rotate-only input outside rotation. */
  rotateOnly = false;
  repr: Repr = null;
  private mergedKeys?: string[];
  private exported?: Value;
  private exporting = false;

  constructor(
    public def: EvalExpr,
    public schema: Schema,
  ) {}

  static unknownOf(def: EvalExpr, schema: Schema): EvalValue {
    const v = new EvalValue(def, schema);
    v.unknown = true;
    return v;
  }

  isObject(): boolean {
    if (this.unknown) return this.schema.always || this.schema.type === "object";
    return this.repr instanceof Map;
  }

  containsUnknowns(): boolean {
    if (this.unknown) return true;
    if (Array.isArray(this.repr)) return this.repr.some((v) => v.containsUnknowns());
    if (this.repr instanceof Map)
      return this.keys().some((k) => this.property(k, this.def.syntax())?.containsUnknowns() ?? false);
    return false;
  }

  /** Unknowns other than tolerated rotate-only inputs. */
  containsObservableUnknowns(): boolean {
    if (this.unknown) return !this.rotateOnly;
    if (Array.isArray(this.repr)) return this.repr.some((v) => v.containsObservableUnknowns());
    if (this.repr instanceof Map)
      return this.keys().some(
        (k) => this.property(k, this.def.syntax())?.containsObservableUnknowns() ?? false,
      );
    return false;
  }

  containsSecrets(): boolean {
    if (this.secret) return true;
    if (Array.isArray(this.repr)) return this.repr.some((v) => v.containsSecrets());
    if (this.repr instanceof Map)
      return this.keys().some((k) => this.property(k, this.def.syntax())?.containsSecrets() ?? false);
    return false;
  }

  /** Makes every leaf secret (a secret container from a provider or fn::fromJSON). */
  markSecretDeep() {
    this.secret = true;
    if (Array.isArray(this.repr)) for (const v of this.repr) v.markSecretDeep();
    else if (this.repr instanceof Map) for (const v of this.repr.values()) v.markSecretDeep();
  }

  /** Combines unknown-ness and secret-ness of inputs into this aggregate value. */
  combine(...others: EvalValue[]) {
    for (const o of others) {
      this.unknown = this.containsUnknowns() || o.containsUnknowns();
      this.secret = this.containsSecrets() || o.containsSecrets();
    }
  }

  keys(): string[] {
    if (!(this.repr instanceof Map)) return [];
    if (this.mergedKeys === undefined) {
      if (!this.base) this.mergedKeys = sortBytes([...this.repr.keys()]);
      else {
        const set = new Set<string>(this.base.keys());
        for (const k of this.repr.keys()) set.add(k);
        this.mergedKeys = sortBytes([...set]);
      }
    }
    return this.mergedKeys;
  }

  /**
   * The named property per merge semantics; a late-bound unknown when this value is unknown.
   * `node` is the syntax the late-bound access is attributed to.
   */
  property(key: string, node?: SyntaxNode): EvalValue | undefined {
    if (this.repr instanceof Map) {
      const v = this.repr.get(key);
      if (v) return v;
      return this.base?.property(key, node);
    }
    if (this.unknown) {
      const schema = this.schema.property(key);
      const base = this.base?.property(key, node);
      const def = new EvalExpr(
        "",
        { kind: "access", node, receiver: this, accessor: { kind: "name", name: key } },
        schema,
        base,
      );
      def.state = DONE;
      const v = EvalValue.unknownOf(def, schema);
      v.base = base;
      return v;
    }
    return undefined;
  }

  /** Whether two values are the same (identity, or the same late-bound unknown property). */
  private is(other: EvalValue): boolean {
    if (this === other) return true;
    if (this.unknown && other.unknown) {
      const a = this.def.repr;
      const b = other.def.repr;
      if (
        a.kind === "access" &&
        b.kind === "access" &&
        a.accessor.kind === "name" &&
        b.accessor.kind === "name"
      ) {
        return a.receiver.is(b.receiver) && a.accessor.name === b.accessor.name;
      }
    }
    return false;
  }

  merge(base: EvalValue | undefined) {
    if (!base || this.is(base)) return;
    if (this.base) this.base.merge(base);
    else this.base = base;
    this.mergedKeys = undefined;
    if (this.repr instanceof Map) {
      for (const [k, p] of this.repr) p.merge(this.base.property(k, p.def.syntax()));
    }
    this.schema = mergedSchema(this.base.schema, this.schema);
  }

  /** ToString (SEMANTICS §8.3) with unknown/secret flags; own keys only (Go quirk). */
  toStringParts(): { str: string; unknown: boolean; secret: boolean } {
    if (this.unknown) return { str: "[unknown]", unknown: true, secret: this.secret };
    let unknown = false;
    let secret = this.secret;
    let str = "";
    const r = this.repr;
    if (r === null) str = "";
    else if (typeof r === "boolean") str = r ? "true" : "false";
    else if (r instanceof GoNumber) str = r.text;
    else if (typeof r === "string") str = r;
    else if (Array.isArray(r)) {
      str = r
        .map((v) => {
          const p = v.toStringParts();
          unknown ||= p.unknown;
          secret ||= p.secret;
          return goQuote(p.str);
        })
        .join(",");
    } else {
      str = sortBytes([...r.keys()])
        .map((k) => {
          const p = r.get(k)!.toStringParts();
          unknown ||= p.unknown;
          secret ||= p.secret;
          return `${goQuote(k)}=${goQuote(p.str)}`;
        })
        .join(",");
    }
    return { str, unknown, secret };
  }

  /** Walks this value and (for objects) its merged properties. */
  walk(fn: (v: EvalValue) => void) {
    fn(this);
    if (Array.isArray(this.repr)) for (const v of this.repr) v.walk(fn);
    else if (this.repr instanceof Map) for (const k of this.keys()) this.property(k)?.walk(fn);
  }

  export(environment: string): Value {
    if (this.exported) return this.exported;
    if (this.exporting) return { unknown: true, trace: { def: this.def.defRange(environment) } };
    this.exporting = true;
    try {
      let value: Value["value"];
      const r = this.repr;
      if (Array.isArray(r)) value = r.map((v) => v.export(environment));
      else if (r instanceof Map) {
        const o: { [k: string]: Value } = {};
        if (!this.base) {
          // Without a base the properties are exactly the map's entries.
          for (const [k, p] of sortedEntries(r)) o[k] = p.export(environment);
        } else {
          const node = this.def.syntax();
          for (const k of this.keys()) {
            const p = this.property(k, node);
            if (p) o[k] = p.export(environment);
          }
        }
        value = o;
      } else if (r instanceof GoNumber) value = r.toNumber();
      else value = r;
      const out: Value = { trace: { def: this.def.defRange(environment) } };
      if (value !== null && value !== undefined) out.value = value;
      if (this.secret) out.secret = true;
      if (this.unknown) out.unknown = true;
      if (this.base) out.trace.base = this.base.export("<import>");
      this.exported = out;
      return out;
    } finally {
      this.exporting = false;
    }
  }
}

/** Deep copy preserving sharing (the reference's copier). */
export function copyValue(
  v: EvalValue | undefined,
  memo = new Map<EvalValue, EvalValue>(),
): EvalValue | undefined {
  if (!v) return undefined;
  const seen = memo.get(v);
  if (seen) return seen;
  const c = new EvalValue(v.def, v.schema);
  memo.set(v, c);
  if (Array.isArray(v.repr)) c.repr = v.repr.map((x) => copyValue(x, memo)!);
  else if (v.repr instanceof Map) {
    const m = new Map<string, EvalValue>();
    for (const [k, x] of v.repr) m.set(k, copyValue(x, memo)!);
    c.repr = m;
  } else c.repr = v.repr;
  c.base = copyValue(v.base, memo);
  c.unknown = v.unknown;
  c.secret = v.secret;
  c.final = v.final;
  c.rotateOnly = v.rotateOnly;
  return c;
}

/** Go strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\x07":
        out += "\\a";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\v":
        out += "\\v";
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
    else if ((cp >= 0x80 && cp < 0xa0) || cp === 0xad) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}
