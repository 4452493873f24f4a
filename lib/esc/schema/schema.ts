// The evaluator's JSON-Schema subset (SEMANTICS §6 fn::validate, §8.6): an internal representation
// with builders for the shapes the evaluator derives, compilation from the JSON form providers
// hand us ($ref resolution, regex), and serialisation back to the reference's JSON form.
import { compareCodePoints } from "../bytes";
import type { Schema as SchemaJSON } from "../contract";
import { GoNumber } from "../number";

/** Plain JSON with numbers kept as text (consts, enums, defaults). */
export type JSONValue = null | boolean | GoNumber | string | JSONValue[] | { [k: string]: JSONValue };

export class Schema {
  always = false;
  never = false;
  type = "";
  // Optional keywords are declared, not initialised: every literal in a document gets its own
  // schema, and some thirty undefined own properties on each would dominate the evaluator's
  // allocations.
  declare defs?: Map<string, Schema>;
  declare ref?: string;
  declare anyOf?: Schema[];
  declare oneOf?: Schema[];
  declare prefixItems?: Schema[];
  declare items?: Schema;
  declare additionalProperties?: Schema;
  declare properties?: Map<string, Schema>;
  declare const?: JSONValue;
  hasConst = false;
  declare enum?: JSONValue[];
  declare multipleOf?: GoNumber;
  declare maximum?: GoNumber;
  declare exclusiveMaximum?: GoNumber;
  declare minimum?: GoNumber;
  declare exclusiveMinimum?: GoNumber;
  declare maxLength?: number;
  declare minLength?: number;
  declare pattern?: string;
  declare maxItems?: number;
  declare minItems?: number;
  declare uniqueItems?: boolean;
  declare maxProperties?: number;
  declare minProperties?: number;
  declare required?: string[];
  declare dependentRequired?: Map<string, string[]>;
  declare title?: string;
  declare description?: string;
  declare default?: JSONValue;
  declare deprecated?: boolean;
  declare examples?: JSONValue[];
  declare secret?: boolean;
  declare rotateOnly?: string[];

  /** Resolved $ref target, set by compile. */
  declare refTarget?: Schema;
  declare regex?: RegExp;
  /** The serialised form (schemaToJSON), cached: schemas are not modified once built. */
  declare json?: SchemaJSON;

  static always(): Schema {
    const s = new Schema();
    s.always = true;
    return s;
  }
  static never(): Schema {
    const s = new Schema();
    s.never = true;
    return s;
  }
  static ofType(type: string): Schema {
    const s = new Schema();
    s.type = type;
    return s;
  }
  static null(): Schema {
    return Schema.ofType("null");
  }
  static string(): Schema {
    return Schema.ofType("string");
  }
  static number(): Schema {
    return Schema.ofType("number");
  }
  static boolean(): Schema {
    return Schema.ofType("boolean");
  }
  static constOf(type: string, value: JSONValue): Schema {
    const s = Schema.ofType(type);
    s.const = value;
    s.hasConst = true;
    return s;
  }
  static arrayOf(items: Schema): Schema {
    const s = Schema.ofType("array");
    s.items = items;
    return s;
  }
  static tuple(items: Schema[]): Schema {
    const s = Schema.ofType("array");
    s.prefixItems = items;
    s.items = Schema.never();
    return s;
  }
  /** `keys`: the keys of `props` in byte order, when the caller has them already. */
  static record(props: Map<string, Schema>, keys?: string[]): Schema {
    const s = Schema.ofType("object");
    s.properties = props;
    s.required = keys ?? sortBytes([...props.keys()]);
    return s;
  }
  static map(additional: Schema): Schema {
    const s = Schema.ofType("object");
    s.additionalProperties = additional;
    return s;
  }
  static oneOf(...options: Schema[]): Schema {
    const s = new Schema();
    s.oneOf = options;
    return s;
  }

  /** The schema of property `k` of values of this schema (the reference's Property: no special case for Always). */
  property(k: string): Schema {
    const options: (Schema | undefined)[] = [];
    for (const x of this.anyOf ?? []) options.push(x.property(k));
    for (const x of this.oneOf ?? []) options.push(x.property(k));
    options.push(
      this.type !== "object" ? Schema.never() : (this.properties?.get(k) ?? this.additionalProperties),
    );
    return union(options);
  }

  /** The schema of element `i`. */
  item(i: number): Schema {
    const options: (Schema | undefined)[] = [];
    for (const x of this.anyOf ?? []) options.push(x.item(i));
    for (const x of this.oneOf ?? []) options.push(x.item(i));
    options.push(
      this.type !== "array"
        ? Schema.never()
        : this.prefixItems && i < this.prefixItems.length
          ? this.prefixItems[i]
          : this.items,
    );
    return union(options);
  }
}

function union(options: (Schema | undefined)[]): Schema {
  const kept = options.filter((s): s is Schema => s !== undefined && !s.never);
  if (kept.length === 0) return Schema.never();
  if (kept.length === 1) return kept[0];
  const s = new Schema();
  s.oneOf = kept;
  return s;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Byte-order string comparison (UTF-8), as Go's sort.Strings does. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 code-unit order equals code-point (and so UTF-8 byte) order unless surrogates occur.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : 1;
  return compareCodePoints(a, b);
}

/**
 * The entries of a map in UTF-8 byte order of their keys: the map itself when it was built in
 * that order (as evaluated objects are), which spares a lookup per key on large objects.
 */
export function sortedEntries<V>(m: Map<string, V>): Iterable<[string, V]> {
  let prev: string | undefined;
  for (const k of m.keys()) {
    if (SURROGATE.test(k) || (prev !== undefined && prev > k)) {
      return sortBytes([...m.keys()]).map((key): [string, V] => [key, m.get(key)!]);
    }
    prev = k;
  }
  return m;
}

/** Sorts strings in place by UTF-8 byte order (Go's sort.Strings); fast when no surrogates occur. */
export function sortBytes(keys: string[]): string[] {
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    // UTF-16 code-unit order matches byte order unless surrogates occur.
    if (SURROGATE.test(keys[i])) return keys.sort(compareBytes);
    if (sorted && i > 0 && keys[i - 1] > keys[i]) sorted = false;
  }
  // Keys often arrive already sorted (properties built in sorted order); skip the sort then.
  return sorted ? keys : keys.sort();
}
