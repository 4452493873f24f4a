// Validation of values (and of unknown values' schemas) against schemas, with the reference's
// messages and blame rules (SEMANTICS §7.4): a known value's nested errors are reported on the
// expression that defined that nested value; an unknown value is checked schema-against-schema
// and errors below a non-literal location carry a `path: ` prefix.
import { syntaxError, syntaxWarning, type SyntaxDiagnostic } from "../diagnostics";
import type { EvalExpr } from "../expr";
import { goMarshal } from "../gojson";
import { utf8Length } from "../bytes";
import { GoNumber } from "../number";
import { joinKey } from "../paths";
import type { EvalValue } from "../value";
import { jsonValueToPlain } from "./json";
import { Schema, type JSONValue } from "./schema";

interface Loc {
  x: EvalExpr;
  path: string;
  prefix: boolean;
}

function locIndex(l: Loc, i: number): Loc {
  const r = l.x.repr;
  if (r.kind === "array" && i < r.elements.length) return { x: r.elements[i], path: `[${i}]`, prefix: false };
  return { x: l.x, path: `${l.path}[${i}]`, prefix: true };
}

function locProperty(l: Loc, k: string): Loc {
  const r = l.x.repr;
  if (r.kind === "object") {
    const p = r.properties.get(k);
    if (p) return { x: p, path: joinKey("", k), prefix: false };
  }
  return { x: l.x, path: joinKey(l.path, k), prefix: true };
}

function typeOf(v: EvalValue): string {
  const r = v.repr;
  if (r === null) return "null";
  if (typeof r === "boolean") return "boolean";
  if (r instanceof GoNumber) return "number";
  if (typeof r === "string") return "string";
  if (Array.isArray(r)) return "array";
  return "object";
}

function equalsConst(v: EvalValue, c: JSONValue): boolean {
  const r = v.repr;
  if (c === null) return r === null;
  if (typeof c === "boolean" || typeof c === "string") return r === c;
  if (c instanceof GoNumber) return r instanceof GoNumber && Number(r.text) === Number(c.text);
  if (Array.isArray(c))
    return Array.isArray(r) && r.length === c.length && c.every((x, i) => equalsConst(r[i], x));
  if (!(r instanceof Map)) return false;
  const keys = Object.keys(c);
  return r.size === keys.length && keys.every((k) => r.has(k) && equalsConst(r.get(k)!, c[k]));
}

const repr = (c: JSONValue) => goMarshal(c);
const numText = (n: GoNumber) => n.text;

function isAny(s: Schema | undefined): boolean {
  return s === undefined || s.always;
}

export class Validator {
  diags: SyntaxDiagnostic[] = [];

  private errorf(loc: Loc, msg: string): false {
    const summary = loc.prefix ? `${loc.path}: ${msg}` : msg;
    const node = loc.x.syntax();
    this.diags.push(syntaxError(node?.range, summary, node?.path ?? ""));
    return false;
  }

  private warnf(loc: Loc, msg: string) {
    const summary = loc.prefix ? `${loc.path}: ${msg}` : msg;
    const node = loc.x.syntax();
    this.diags.push(syntaxWarning(node?.range, summary, node?.path ?? ""));
  }

  private checkType(actual: string, accept: Schema, loc: Loc): boolean {
    if (accept.type !== "" && actual !== accept.type && !(accept.type === "integer" && actual === "number")) {
      return this.errorf(loc, `expected ${accept.type}, got ${actual}`);
    }
    return true;
  }

  /** Each alternative is validated by a fresh validator; their diagnostics are kept only if none match. */
  private alternatives(
    options: Schema[],
    check: (v: Validator, s: Schema) => boolean,
    loc: Loc,
    msg: string,
  ): boolean {
    let matched = false;
    const all: SyntaxDiagnostic[] = [];
    for (const o of options) {
      const v = new Validator();
      if (check(v, o)) matched = true;
      all.push(...v.diags);
    }
    if (!matched) {
      this.diags.push(...all);
      return this.errorf(loc, msg);
    }
    return true;
  }

  validateSchemaType(x: Schema | undefined, accept: Schema | undefined, loc: Loc): boolean {
    if (isAny(accept)) return true;
    if (accept!.never) return false;
    if (isAny(x)) return true;
    if (x!.never) return false;
    const a = accept!;
    const s = x!;
    const refOK = !a.refTarget || this.validateSchemaType(s, a.refTarget, loc);
    const xRefOK = !s.refTarget || this.validateSchemaType(s.refTarget, a, loc);
    const xAnyOfOK =
      !s.anyOf?.length ||
      this.alternatives(
        s.anyOf,
        (v, o) => v.validateSchemaType(o, a, loc),
        loc,
        "at least one subschema must match",
      );
    const xOneOfOK =
      !s.oneOf?.length ||
      this.alternatives(
        s.oneOf,
        (v, o) => v.validateSchemaType(o, a, loc),
        loc,
        "at least one subschema must match",
      );
    const typeOK = s.type === "" || this.checkType(s.type, a, loc);
    const anyOfOK =
      !a.anyOf?.length ||
      this.alternatives(
        a.anyOf,
        (v, o) => v.validateSchemaType(s, o, loc),
        loc,
        "at least one subschema must match",
      );
    const oneOfOK =
      !a.oneOf?.length ||
      this.alternatives(
        a.oneOf,
        (v, o) => v.validateSchemaType(s, o, loc),
        loc,
        "at least one subschema must match",
      );
    let complexOK = true;
    if (s.type === "array") complexOK = this.validateSchemaArray(s, a, loc);
    else if (s.type === "object") complexOK = this.validateSchemaObject(s, a, loc);
    return refOK && xRefOK && xAnyOfOK && xOneOfOK && typeOK && anyOfOK && oneOfOK && complexOK;
  }

  private validateSchemaArray(x: Schema, accept: Schema, loc: Loc): boolean {
    let ok = true;
    let i = 0;
    const xp = x.prefixItems ?? [];
    const ap = accept.prefixItems ?? [];
    const common = Math.min(xp.length, ap.length);
    for (; i < common; i++) ok = this.validateSchemaType(xp[i], ap[i], locIndex(loc, i)) && ok;
    if (xp.length > common) {
      for (; i < xp.length; i++) ok = this.validateSchemaType(xp[i], accept.items, locIndex(loc, i)) && ok;
    } else if (ap.length > common) {
      for (; i < ap.length; i++) ok = this.validateSchemaType(x.items, ap[i], locIndex(loc, i)) && ok;
    }
    if (x.items && !x.items.never) ok = this.validateSchemaType(x.items, accept.items, loc) && ok;
    return ok;
  }

  private validateSchemaObject(x: Schema, accept: Schema, loc: Loc): boolean {
    let ok = true;
    for (const [name, px] of x.properties ?? []) {
      const pa = accept.properties?.get(name);
      ok = this.validateSchemaType(px, pa ?? accept.additionalProperties, locProperty(loc, name)) && ok;
    }
    if (!x.additionalProperties) {
      const xreq = new Set(x.required ?? []);
      const checkRequired = (names: string[]) => {
        let good = true;
        for (const n of names) {
          if (!xreq.has(n)) {
            this.errorf(locProperty(loc, n), "missing required property");
            good = false;
          }
        }
        return good;
      };
      ok = checkRequired(accept.required ?? []) && ok;
      for (const [name, req] of accept.dependentRequired ?? []) {
        if (xreq.has(name)) ok = checkRequired(req) && ok;
      }
    } else if (!x.additionalProperties.never) {
      ok = this.validateSchemaType(x.additionalProperties, accept.additionalProperties, loc) && ok;
    }
    return ok;
  }

  /** Validates a value; errors are blamed on the expression that defined it. */
  validateValue(v: EvalValue, accept: Schema | undefined): boolean {
    return this.validateElement(v, accept, { x: v.def, path: "", prefix: false });
  }

  private validateElement(v: EvalValue, accept: Schema | undefined, loc: Loc): boolean {
    if (isAny(accept)) return true;
    const a = accept!;
    if (a.never) return false;
    if (v.unknown) return this.validateSchemaType(v.schema, a, loc) && this.validateTaint(v, a, loc);
    const rok = !a.refTarget || this.validateElement(v, a.refTarget, loc);
    const aok =
      !a.anyOf?.length ||
      this.alternatives(
        a.anyOf,
        (vv, o) => vv.validateElement(v, o, loc),
        loc,
        "at least one subschema must match",
      );
    const ook = this.validateOneOf(v, a, loc);
    const cok =
      !a.hasConst || equalsConst(v, a.const ?? null) || this.errorf(loc, `expected ${repr(a.const ?? null)}`);
    const eok = this.validateEnum(v, a, loc);
    const tok = this.validateType(v, a, loc);
    const nok = this.validateTaint(v, a, loc);
    return rok && aok && ook && cok && eok && tok && nok;
  }

  private validateOneOf(v: EvalValue, a: Schema, loc: Loc): boolean {
    if (!a.oneOf?.length) return true;
    let matched = false;
    const all: SyntaxDiagnostic[] = [];
    for (const o of a.oneOf) {
      const vv = new Validator();
      if (vv.validateElement(v, o, loc)) {
        if (matched) return this.errorf(loc, "exactly one subschema may match");
        matched = true;
      }
      all.push(...vv.diags);
    }
    if (!matched) {
      this.diags.push(...all);
      return this.errorf(loc, "exactly one subschema must match");
    }
    return true;
  }

  private validateEnum(v: EvalValue, a: Schema, loc: Loc): boolean {
    if (!a.enum?.length) return true;
    if (a.enum.some((c) => equalsConst(v, c))) return true;
    if (a.enum.length === 1) return this.errorf(loc, `expected ${repr(a.enum[0])}`);
    return this.errorf(loc, `expected one of ${repr(a.enum)}`);
  }

  private validateType(v: EvalValue, a: Schema, loc: Loc): boolean {
    const t = typeOf(v);
    if (!this.checkType(t, a, loc)) return false;
    const r = v.repr;
    if (r instanceof GoNumber) return this.validateNumber(r, a, loc);
    if (typeof r === "string") return this.validateString(r, a, loc);
    if (Array.isArray(r)) return this.validateArray(r, a, loc);
    if (r instanceof Map) return this.validateObject(v, a, loc);
    return true;
  }

  private validateNumber(n: GoNumber, a: Schema, loc: Loc): boolean {
    const x = Number(n.text);
    let ok = true;
    if (a.multipleOf) {
      const q = x / a.multipleOf.toNumber();
      if (!Number.isInteger(q)) ok = this.errorf(loc, `expected a multiple of ${numText(a.multipleOf)}`);
    }
    if (a.minimum && x < a.minimum.toNumber())
      ok = this.errorf(loc, `expected a number greater than or equal to ${numText(a.minimum)}`);
    if (a.exclusiveMinimum && x <= a.exclusiveMinimum.toNumber())
      ok = this.errorf(loc, `expected a number greater than ${numText(a.exclusiveMinimum)}`);
    // The missing space is the reference's (SEMANTICS §11.10).
    if (a.maximum && x > a.maximum.toNumber())
      ok = this.errorf(loc, `expected a number less than or equal to${numText(a.maximum)}`);
    if (a.exclusiveMaximum && x >= a.exclusiveMaximum.toNumber())
      ok = this.errorf(loc, `expected a number less than ${numText(a.exclusiveMaximum)}`);
    return ok;
  }

  private validateString(s: string, a: Schema, loc: Loc): boolean {
    const len = utf8Length(s);
    let ok = true;
    if (a.minLength !== undefined && len < a.minLength)
      ok = this.errorf(loc, `expected a string of at least length ${a.minLength}`);
    if (a.maxLength !== undefined && len > a.maxLength)
      ok = this.errorf(loc, `expected a string of at most length ${a.maxLength}`);
    if (a.regex && !a.regex.test(s))
      ok = this.errorf(loc, `string must match the pattern ${JSON.stringify(a.pattern)}`);
    return ok;
  }

  private validateArray(items: EvalValue[], a: Schema, loc: Loc): boolean {
    let ok = true;
    if (a.minItems !== undefined && items.length < a.minItems)
      ok = this.errorf(loc, `expected an array with at least ${a.minItems} items`);
    if (a.maxItems !== undefined && items.length > a.maxItems)
      ok = this.errorf(loc, `expected an array with at most ${a.maxItems} items`);
    items.forEach((v, i) => {
      const s = a.prefixItems && i < a.prefixItems.length ? a.prefixItems[i] : a.items;
      if (!this.validateValue(v, s)) ok = false;
    });
    return ok;
  }

  private validateObject(v: EvalValue, a: Schema, loc: Loc): boolean {
    const keys = v.keys();
    let ok = true;
    if (a.minProperties !== undefined && keys.length < a.minProperties)
      ok = this.errorf(loc, `expected an object with at least ${a.minProperties} properties`);
    if (a.maxProperties !== undefined && keys.length > a.maxProperties)
      ok = this.errorf(loc, `expected an object with at most ${a.maxProperties} properties`);
    const keySet = new Set(keys);
    for (const k of keys) {
      const kv = v.property(k);
      if (!kv) continue;
      const p = a.properties?.get(k);
      if (!this.validateValue(kv, p ?? a.additionalProperties)) ok = false;
    }
    const missing: string[] = [];
    for (const k of a.required ?? []) if (!keySet.has(k)) missing.push(k);
    for (const [k, req] of a.dependentRequired ?? []) {
      if (keySet.has(k)) for (const rk of req) if (!keySet.has(rk)) missing.push(rk);
    }
    if (missing.length > 0) ok = this.errorf(loc, `missing required properties: ${missing.join(", ")}`);
    return ok;
  }

  private validateTaint(v: EvalValue, a: Schema, loc: Loc): boolean {
    if (a.secret && !v.secret) return this.errorf(loc, "expected secret");
    void this.warnf;
    return true;
  }
}

export { jsonValueToPlain };
