// Conversions between evaluator values and the outside world: plain JSON (numbers as text or JS
// numbers), provider Values, and decoded JSON documents.
import type { PlainValue, Value } from "./contract";
import type { EvalExpr } from "./expr";
import { GoNumber, formatGoFloat } from "./number";
import { jsonValueToPlain } from "./schema/json";
import { Schema, type JSONValue } from "./schema/schema";
import { EvalValue } from "./value";

export function valueTypeName(v: EvalValue): string {
  const r = v.repr;
  if (r === null) return "null";
  if (typeof r === "boolean") return "boolean";
  if (r instanceof GoNumber) return "number";
  if (typeof r === "string") return "string";
  return Array.isArray(r) ? "array" : "object";
}

/** Plain JSON (secrets revealed) of a known value, numbers as text. */
export function toJSONValue(v: EvalValue): JSONValue {
  const r = v.repr;
  if (Array.isArray(r)) return r.map(toJSONValue);
  if (r instanceof Map) {
    const o: { [k: string]: JSONValue } = {};
    for (const k of v.keys()) o[k] = toJSONValue(v.property(k)!);
    return o;
  }
  return r;
}

export function toPlain(v: EvalValue): PlainValue {
  return jsonValueToPlain(toJSONValue(v));
}

/** Plain inputs for a rotator: tolerated unknowns (rotate-only inputs outside rotation) are left out. */
export function toPlainKnown(v: EvalValue): PlainValue {
  const r = v.repr;
  if (Array.isArray(r)) return r.map(toPlainKnown);
  if (r instanceof Map) {
    const o: { [k: string]: PlainValue } = {};
    for (const k of v.keys()) {
      const p = v.property(k)!;
      if (!p.unknown) o[k] = toPlainKnown(p);
    }
    return o;
  }
  return jsonValueToPlain(r);
}

/** A value tree from plain JSON (context, decoded JSON), every node defined by `def`. */
export function fromPlain(p: PlainValue, def: EvalExpr, secret: boolean): EvalValue {
  return fromJSONValue(plainToJSON(p), def, secret);
}

export function plainToJSON(p: PlainValue): JSONValue {
  if (typeof p === "number") return new GoNumber(Number.isInteger(p) ? String(p) : formatGoFloat(p));
  if (Array.isArray(p)) return p.map(plainToJSON);
  if (p !== null && typeof p === "object") {
    const o: { [k: string]: JSONValue } = {};
    for (const [k, x] of Object.entries(p)) o[k] = plainToJSON(x);
    return o;
  }
  return p;
}

export function fromJSONValue(j: JSONValue, def: EvalExpr, secret: boolean): EvalValue {
  let v: EvalValue;
  if (j === null) {
    v = new EvalValue(def, Schema.null());
  } else if (typeof j === "boolean") {
    v = new EvalValue(def, Schema.constOf("boolean", j));
    v.repr = j;
  } else if (j instanceof GoNumber) {
    v = new EvalValue(def, Schema.constOf("number", j));
    v.repr = j;
  } else if (typeof j === "string") {
    v = new EvalValue(def, Schema.constOf("string", j));
    v.repr = j;
  } else if (Array.isArray(j)) {
    const items = j.map((e) => fromJSONValue(e, def, secret));
    v = new EvalValue(def, Schema.tuple(items.map((i) => i.schema)));
    v.repr = items;
  } else {
    const m = new Map<string, EvalValue>();
    const props = new Map<string, Schema>();
    for (const k of Object.keys(j)) {
      const p = fromJSONValue(j[k], def, secret);
      m.set(k, p);
      props.set(k, p.schema);
    }
    v = new EvalValue(def, Schema.record(props));
    v.repr = m;
  }
  v.secret = secret;
  return v;
}

export function plainToValue(p: PlainValue): Value {
  const zero = { begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } };
  if (Array.isArray(p)) return { value: p.map(plainToValue), trace: { def: zero } };
  if (p !== null && typeof p === "object") {
    const o: { [k: string]: Value } = {};
    for (const [k, x] of Object.entries(p)) o[k] = plainToValue(x);
    return { value: o, trace: { def: zero } };
  }
  return p === null ? { trace: { def: zero } } : { value: p, trace: { def: zero } };
}

/** Provider outputs nest no deeper than this; anything below becomes null (also stops cyclic objects). */
const MAX_OUTPUT_DEPTH = 1000;

function isValueShape(v: unknown): v is Value {
  return (
    v !== null &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    ("trace" in v || "value" in v || "secret" in v || "unknown" in v)
  );
}

/**
 * A provider's output Value → evaluator value defined by the fn::open expression. Defensive:
 * a provider that returns plain JSON instead of a Value, non-finite numbers, or other odd
 * JavaScript values still yields a well-formed result rather than an exception.
 */
export function unexport(v: Value, x: EvalExpr, depth = 0): EvalValue {
  const shaped = isValueShape(v);
  const p: unknown = shaped ? v.value : v;
  const child = (e: unknown) => unexport(e as Value, x, depth + 1);
  let out: EvalValue;
  if (
    p === null ||
    p === undefined ||
    depth > MAX_OUTPUT_DEPTH ||
    (typeof p === "number" && !Number.isFinite(p))
  ) {
    out = new EvalValue(x, Schema.null());
  } else if (typeof p === "boolean") {
    out = new EvalValue(x, Schema.constOf("boolean", p));
    out.repr = p;
  } else if (typeof p === "number" || typeof p === "bigint") {
    const n =
      typeof p === "bigint"
        ? GoNumber.fromBigInt(p)
        : new GoNumber(Number.isInteger(p) ? String(p) : formatGoFloat(p));
    out = new EvalValue(x, Schema.constOf("number", n));
    out.repr = n;
  } else if (typeof p === "string") {
    out = new EvalValue(x, Schema.constOf("string", p));
    out.repr = p;
  } else if (Array.isArray(p)) {
    const items = p.map(child);
    out = new EvalValue(x, Schema.tuple(items.map((i) => i.schema)));
    out.repr = items;
  } else if (typeof p === "object") {
    const m = new Map<string, EvalValue>();
    const props = new Map<string, Schema>();
    for (const [k, e] of Object.entries(p as object)) {
      const u = child(e);
      m.set(k, u);
      props.set(k, u.schema);
    }
    out = new EvalValue(x, Schema.record(props));
    out.repr = m;
  } else {
    const text = String(p);
    out = new EvalValue(x, Schema.constOf("string", text));
    out.repr = text;
  }
  out.secret = (shaped && v.secret === true) || x.secret;
  out.unknown = shaped && v.unknown === true;
  if (out.secret) out.markSecretDeep();
  return out;
}
