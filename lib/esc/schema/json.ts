// Schema ⇄ JSON. `compileSchema` reads the JSON form (from providers or fn::validate) and resolves
// `$ref`s; `schemaToJSON` writes the reference's serialised form (type always present).
import type { PlainValue, Schema as SchemaJSON } from "../contract";
import { GoNumber } from "../number";
import { Schema, sortBytes, sortedEntries, type JSONValue } from "./schema";

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

/**
 * Serialises a schema in the reference's JSON form. Schemas are not modified once built, so the
 * result is cached on the schema: a large record schema is shared by many exported expressions
 * and values.
 */
export function schemaToJSON(s: Schema | undefined): SchemaJSON {
  if (s === undefined || s.always) return true;
  if (s.never) return false;
  return (s.json ??= serialise(s));
}

function schemaList(xs?: Schema[]): SchemaJSON[] | undefined {
  return xs && xs.length > 0 ? xs.map(schemaToJSON) : undefined;
}

function schemaMap(m?: Map<string, Schema>): { [k: string]: SchemaJSON } | undefined {
  if (!m || m.size === 0) return undefined;
  const o: { [k: string]: SchemaJSON } = {};
  for (const [k, v] of sortedEntries(m)) o[k] = schemaToJSON(v);
  return o;
}

type SchemaObject = { type: string; [k: string]: unknown };

function setIf(out: SchemaObject, k: string, v: unknown) {
  if (v !== undefined) out[k] = v;
}

function serialise(s: Schema): SchemaJSON {
  // Helpers at module level rather than closures: this runs once per literal of a document.
  const out: SchemaObject = { type: s.type };
  setIf(out, "$defs", schemaMap(s.defs));
  setIf(out, "$ref", s.ref || undefined);
  setIf(out, "anyOf", schemaList(s.anyOf));
  setIf(out, "oneOf", schemaList(s.oneOf));
  setIf(out, "prefixItems", schemaList(s.prefixItems));
  setIf(out, "items", s.items ? schemaToJSON(s.items) : undefined);
  setIf(
    out,
    "additionalProperties",
    s.additionalProperties ? schemaToJSON(s.additionalProperties) : undefined,
  );
  setIf(out, "properties", schemaMap(s.properties));
  if (s.hasConst && s.const !== null) setIf(out, "const", jsonValueToPlain(s.const as JSONValue));
  setIf(out, "enum", s.enum && s.enum.length > 0 ? s.enum.map(jsonValueToPlain) : undefined);
  setIf(out, "multipleOf", s.multipleOf?.toNumber());
  setIf(out, "maximum", s.maximum?.toNumber());
  setIf(out, "exclusiveMaximum", s.exclusiveMaximum?.toNumber());
  setIf(out, "minimum", s.minimum?.toNumber());
  setIf(out, "exclusiveMinimum", s.exclusiveMinimum?.toNumber());
  setIf(out, "maxLength", s.maxLength);
  setIf(out, "minLength", s.minLength);
  setIf(out, "pattern", s.pattern || undefined);
  setIf(out, "maxItems", s.maxItems);
  setIf(out, "minItems", s.minItems);
  setIf(out, "uniqueItems", s.uniqueItems || undefined);
  setIf(out, "maxProperties", s.maxProperties);
  setIf(out, "minProperties", s.minProperties);
  setIf(out, "required", s.required && s.required.length > 0 ? s.required : undefined);
  if (s.dependentRequired && s.dependentRequired.size > 0) {
    const o: { [k: string]: string[] } = {};
    for (const k of sortBytes([...s.dependentRequired.keys()])) o[k] = s.dependentRequired.get(k)!;
    out.dependentRequired = o;
  }
  setIf(out, "title", s.title || undefined);
  setIf(out, "description", s.description || undefined);
  setIf(
    out,
    "default",
    s.default !== undefined && s.default !== null ? jsonValueToPlain(s.default) : undefined,
  );
  setIf(out, "deprecated", s.deprecated || undefined);
  setIf(out, "examples", s.examples && s.examples.length > 0 ? s.examples.map(jsonValueToPlain) : undefined);
  setIf(out, "secret", s.secret || undefined);
  setIf(out, "rotateOnly", s.rotateOnly && s.rotateOnly.length > 0 ? s.rotateOnly : undefined);
  return out as SchemaJSON;
}
