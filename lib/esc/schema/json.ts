// Schema ⇄ JSON. `compileSchema` reads the JSON form (from providers or fn::validate) and resolves
// `$ref`s; `schemaToJSON` writes the reference's serialised form (type always present).
import type { PlainValue, Schema as SchemaJSON } from "../contract";
import { GoNumber } from "../number";
import { Schema, sortBytes, type JSONValue } from "./schema";

export function plainToJSONValue(v: unknown): JSONValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return GoNumber.fromFloat(v);
  if (typeof v === "bigint") return GoNumber.fromBigInt(v);
  if (v instanceof GoNumber) return v;
  if (Array.isArray(v)) return v.map(plainToJSONValue);
  if (typeof v === "object") {
    const out: { [k: string]: JSONValue } = {};
    for (const [k, x] of Object.entries(v as object)) out[k] = plainToJSONValue(x);
    return out;
  }
  return String(v);
}

export function jsonValueToPlain(v: JSONValue): PlainValue {
  if (v instanceof GoNumber) return v.toNumber();
  if (Array.isArray(v)) return v.map(jsonValueToPlain);
  if (v !== null && typeof v === "object") {
    const out: { [k: string]: PlainValue } = {};
    for (const k of sortBytes(Object.keys(v))) out[k] = jsonValueToPlain(v[k]);
    return out;
  }
  return v;
}

export class SchemaError extends Error {}

const isObj = (v: JSONValue | undefined): v is { [k: string]: JSONValue } =>
  v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v) && !(v instanceof GoNumber);

/** Builds a Schema from its JSON form; throws SchemaError on malformed input. */
export function compileSchema(json: unknown): Schema {
  const root = parseSchema(plainToJSONValue(json), "");
  resolveRefs(root, root, new Set());
  return root;
}

function num(v: JSONValue | undefined, field: string): GoNumber | undefined {
  if (v === undefined) return undefined;
  if (!(v instanceof GoNumber)) throw new SchemaError(`${field} must be a number`);
  return v;
}

function uint(v: JSONValue | undefined, field: string): number | undefined {
  const n = num(v, field);
  if (n === undefined) return undefined;
  const x = n.toNumber();
  if (!Number.isInteger(x) || x < 0) throw new SchemaError(`${field} must be a non-negative integer`);
  return x;
}

function str(v: JSONValue | undefined, field: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new SchemaError(`${field} must be a string`);
  return v;
}

function strList(v: JSONValue | undefined, field: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw new SchemaError(`${field} must be a list of strings`);
  return v as string[];
}

function parseSchema(v: JSONValue, path: string): Schema {
  if (v === true) return Schema.always();
  if (v === false) return Schema.never();
  if (!isObj(v)) throw new SchemaError(`${path || "schema"} must be a boolean or an object`);
  const s = new Schema();
  const sub = (x: JSONValue | undefined, p: string) => (x === undefined ? undefined : parseSchema(x, p));
  const list = (x: JSONValue | undefined, p: string) => {
    if (x === undefined) return undefined;
    if (!Array.isArray(x)) throw new SchemaError(`${p} must be a list`);
    return x.map((e, i) => parseSchema(e, `${p}[${i}]`));
  };
  const map = (x: JSONValue | undefined, p: string) => {
    if (x === undefined) return undefined;
    if (!isObj(x)) throw new SchemaError(`${p} must be an object`);
    const m = new Map<string, Schema>();
    for (const k of Object.keys(x)) m.set(k, parseSchema(x[k], `${p}.${k}`));
    return m;
  };
  const type = v.type;
  if (type !== undefined) {
    if (typeof type !== "string") throw new SchemaError("type must be a string");
    if (!["", "null", "boolean", "number", "string", "array", "object", "integer"].includes(type)) {
      throw new SchemaError(`unknown type "${type}"`);
    }
    s.type = type;
  }
  s.defs = map(v.$defs, "$defs");
  s.ref = str(v.$ref, "$ref");
  s.anyOf = list(v.anyOf, "anyOf");
  s.oneOf = list(v.oneOf, "oneOf");
  s.prefixItems = list(v.prefixItems, "prefixItems");
  s.items = sub(v.items, "items");
  s.additionalProperties = sub(v.additionalProperties, "additionalProperties");
  s.properties = map(v.properties, "properties");
  if ("const" in v) {
    s.const = v.const;
    s.hasConst = true;
  }
  if (v.enum !== undefined) {
    if (!Array.isArray(v.enum)) throw new SchemaError("enum must be a list");
    s.enum = v.enum;
  }
  s.multipleOf = num(v.multipleOf, "multipleOf");
  s.maximum = num(v.maximum, "maximum");
  s.exclusiveMaximum = num(v.exclusiveMaximum, "exclusiveMaximum");
  s.minimum = num(v.minimum, "minimum");
  s.exclusiveMinimum = num(v.exclusiveMinimum, "exclusiveMinimum");
  s.maxLength = uint(v.maxLength, "maxLength");
  s.minLength = uint(v.minLength, "minLength");
  s.pattern = str(v.pattern, "pattern");
  if (s.pattern !== undefined) {
    try {
      s.regex = new RegExp(s.pattern, "u");
    } catch (err) {
      throw new SchemaError(`invalid pattern: ${(err as Error).message}`);
    }
  }
  s.maxItems = uint(v.maxItems, "maxItems");
  s.minItems = uint(v.minItems, "minItems");
  if (v.uniqueItems !== undefined) s.uniqueItems = v.uniqueItems === true;
  s.maxProperties = uint(v.maxProperties, "maxProperties");
  s.minProperties = uint(v.minProperties, "minProperties");
  s.required = strList(v.required, "required");
  if (v.dependentRequired !== undefined) {
    if (!isObj(v.dependentRequired)) throw new SchemaError("dependentRequired must be an object");
    s.dependentRequired = new Map();
    for (const [k, x] of Object.entries(v.dependentRequired))
      s.dependentRequired.set(k, strList(x, `dependentRequired.${k}`) ?? []);
  }
  s.title = str(v.title, "title");
  s.description = str(v.description, "description");
  if (v.default !== undefined) s.default = v.default;
  if (v.deprecated !== undefined) s.deprecated = v.deprecated === true;
  if (v.examples !== undefined) s.examples = Array.isArray(v.examples) ? v.examples : [v.examples];
  if (v.secret !== undefined) s.secret = v.secret === true;
  s.rotateOnly = strList(v.rotateOnly, "rotateOnly");
  return s;
}

function resolveRefs(s: Schema, root: Schema, seen: Set<Schema>) {
  if (seen.has(s)) return;
  seen.add(s);
  if (s.ref !== undefined) {
    const m = /^#\/\$defs\/(.+)$/.exec(s.ref);
    const target = m ? root.defs?.get(m[1]) : undefined;
    if (!target) throw new SchemaError(`unresolvable reference "${s.ref}"`);
    s.refTarget = target;
  }
  const children: (Schema | undefined)[] = [
    ...(s.defs?.values() ?? []),
    ...(s.anyOf ?? []),
    ...(s.oneOf ?? []),
    ...(s.prefixItems ?? []),
    s.items,
    s.additionalProperties,
    ...(s.properties?.values() ?? []),
  ];
  for (const c of children) if (c) resolveRefs(c, root, seen);
}

const serialised = new WeakMap<Schema, SchemaJSON>();

/**
 * Serialises a schema in the reference's JSON form. Schemas are not modified once built, so the
 * result is cached: a large record schema is shared by many exported expressions and values.
 */
export function schemaToJSON(s: Schema | undefined): SchemaJSON {
  if (s === undefined || s.always) return true;
  if (s.never) return false;
  let out = serialised.get(s);
  if (out === undefined) {
    out = serialise(s);
    serialised.set(s, out);
  }
  return out;
}

function serialise(s: Schema): SchemaJSON {
  const out: { type: string; [k: string]: unknown } = { type: s.type };
  const list = (xs?: Schema[]) => (xs && xs.length > 0 ? xs.map(schemaToJSON) : undefined);
  const map = (m?: Map<string, Schema>) => {
    if (!m || m.size === 0) return undefined;
    const o: { [k: string]: SchemaJSON } = {};
    for (const k of sortBytes([...m.keys()])) o[k] = schemaToJSON(m.get(k));
    return o;
  };
  const set = (k: string, v: unknown) => {
    if (v !== undefined) out[k] = v;
  };
  set("$defs", map(s.defs));
  set("$ref", s.ref || undefined);
  set("anyOf", list(s.anyOf));
  set("oneOf", list(s.oneOf));
  set("prefixItems", list(s.prefixItems));
  set("items", s.items ? schemaToJSON(s.items) : undefined);
  set("additionalProperties", s.additionalProperties ? schemaToJSON(s.additionalProperties) : undefined);
  set("properties", map(s.properties));
  if (s.hasConst && s.const !== null) set("const", jsonValueToPlain(s.const as JSONValue));
  set("enum", s.enum && s.enum.length > 0 ? s.enum.map(jsonValueToPlain) : undefined);
  set("multipleOf", s.multipleOf?.toNumber());
  set("maximum", s.maximum?.toNumber());
  set("exclusiveMaximum", s.exclusiveMaximum?.toNumber());
  set("minimum", s.minimum?.toNumber());
  set("exclusiveMinimum", s.exclusiveMinimum?.toNumber());
  set("maxLength", s.maxLength);
  set("minLength", s.minLength);
  set("pattern", s.pattern || undefined);
  set("maxItems", s.maxItems);
  set("minItems", s.minItems);
  set("uniqueItems", s.uniqueItems || undefined);
  set("maxProperties", s.maxProperties);
  set("minProperties", s.minProperties);
  set("required", s.required && s.required.length > 0 ? s.required : undefined);
  if (s.dependentRequired && s.dependentRequired.size > 0) {
    const o: { [k: string]: string[] } = {};
    for (const k of sortBytes([...s.dependentRequired.keys()])) o[k] = s.dependentRequired.get(k)!;
    out.dependentRequired = o;
  }
  set("title", s.title || undefined);
  set("description", s.description || undefined);
  set("default", s.default !== undefined && s.default !== null ? jsonValueToPlain(s.default) : undefined);
  set("deprecated", s.deprecated || undefined);
  set("examples", s.examples && s.examples.length > 0 ? s.examples.map(jsonValueToPlain) : undefined);
  set("secret", s.secret || undefined);
  set("rotateOnly", s.rotateOnly && s.rotateOnly.length > 0 ? s.rotateOnly : undefined);
  return out as SchemaJSON;
}
