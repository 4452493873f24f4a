// The reference's test providers and rotators (conformance INDEX.md §1.4), re-created for the
// conformance runner and the unit tests.
import type { PlainValue, Provider, ProviderRegistry, Rotator, Schema, Value } from "../contract";

const ZERO = { begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } };

const empty = (): Value => ({ trace: { def: ZERO } });

function objectOf(v: Value | undefined): { [k: string]: Value } {
  const o = v?.value;
  return o !== null && typeof o === "object" && !Array.isArray(o) ? (o as { [k: string]: Value }) : {};
}

/** Plain JSON → provider output Value (not secret). */
export function plainToValue(p: PlainValue, secret = false): Value {
  const v: Value = { trace: { def: ZERO } };
  if (Array.isArray(p)) v.value = p.map((e) => plainToValue(e));
  else if (p !== null && typeof p === "object") {
    const o: { [k: string]: Value } = {};
    for (const [k, e] of Object.entries(p)) o[k] = plainToValue(e);
    v.value = o;
  } else if (p !== null) v.value = p;
  if (secret) v.secret = true;
  return v;
}

/** The "kitchen-sink" schema of provider `schema` (serialised form from the golden files). */
export const kitchenSinkSchema: Schema = {
  $defs: {
    defRecord: {
      properties: {
        baz: {
          type: "string",
          const: "qux",
        },
      },
      type: "object",
      required: ["baz"],
    },
  },
  properties: {
    always: true,
    anyOf: {
      anyOf: [
        {
          type: "string",
        },
        {
          type: "number",
        },
      ],
      type: "",
    },
    array: {
      items: true,
      type: "array",
    },
    boolean: {
      type: "boolean",
    },
    "const-array": {
      type: "array",
      const: ["hello", 42],
    },
    "const-object": {
      type: "object",
      const: {
        hello: "world",
      },
    },
    dependentReq: {
      properties: {
        bar: {
          type: "number",
        },
        foo: {
          type: "string",
        },
      },
      type: "object",
      dependentRequired: {
        foo: ["bar"],
      },
    },
    double: {
      prefixItems: [
        {
          type: "string",
        },
        {
          type: "number",
        },
      ],
      items: false,
      type: "array",
    },
    enum: {
      type: "string",
      enum: ["foo", "bar"],
    },
    exclusiveMaximum: {
      type: "number",
      exclusiveMaximum: 1,
    },
    exclusiveMinimum: {
      type: "number",
      exclusiveMinimum: 1,
    },
    false: {
      type: "boolean",
      const: false,
    },
    hello: {
      type: "string",
      const: "hello",
    },
    map: {
      additionalProperties: true,
      type: "object",
    },
    maxItems: {
      type: "array",
      maxItems: 2,
    },
    maxLength: {
      type: "string",
      maxLength: 1,
    },
    maxProperties: {
      type: "object",
      maxProperties: 1,
    },
    maximum: {
      type: "number",
      maximum: 1,
    },
    minItems: {
      type: "array",
      minItems: 3,
    },
    minLength: {
      type: "string",
      minLength: 1,
    },
    minProperties: {
      type: "object",
      minProperties: 1,
    },
    minimum: {
      type: "number",
      minimum: 1,
    },
    multiple: {
      type: "number",
      multipleOf: 2,
    },
    never: false,
    null: {
      type: "null",
    },
    number: {
      type: "number",
    },
    oneOf: {
      oneOf: [
        {
          type: "string",
        },
        {
          type: "number",
        },
      ],
      type: "",
    },
    pattern: {
      type: "string",
      pattern: "^foo[0-9]+$",
    },
    pi: {
      type: "number",
      const: 3.14,
    },
    record: {
      properties: {
        foo: {
          type: "string",
        },
      },
      type: "object",
      required: ["foo"],
    },
    ref: {
      $ref: "#/$defs/defRecord",
      type: "",
    },
    string: {
      type: "string",
    },
    triple: {
      prefixItems: [
        {
          type: "string",
        },
        {
          type: "number",
        },
        {
          type: "boolean",
        },
      ],
      items: false,
      type: "array",
    },
    true: {
      type: "boolean",
      const: true,
    },
    tuple: {
      prefixItems: [
        {
          type: "string",
          const: "hello",
        },
        {
          type: "string",
          const: "world",
        },
      ],
      items: false,
      type: "array",
    },
  },
  type: "object",
} as Schema;

const echoInputs: Provider = {
  schema: () => ({ inputs: true, outputs: true }),
  open: async (inputs) => plainToValue(inputs),
};

const providers: { [name: string]: Provider } = {
  test: echoInputs,
  error: {
    schema: () => ({
      inputs: { type: "object", properties: { why: { type: "string" } }, required: ["why"] },
      outputs: true,
    }),
    open: async (inputs) => {
      throw new Error(String(inputs.why));
    },
  },
  schema: {
    schema: () => ({ inputs: kitchenSinkSchema, outputs: kitchenSinkSchema }),
    open: async (inputs) => plainToValue(inputs),
  },
  "secret-wrapper": {
    schema: () => ({ inputs: true, outputs: true }),
    open: async (inputs) => plainToValue(inputs, true),
  },
  bench: {
    schema: () => ({ inputs: true, outputs: true }),
    open: async (inputs) => {
      const ms = typeof inputs.delay === "number" ? inputs.delay : 0;
      if (ms > 0) await new Promise((r) => setTimeout(r, Math.min(ms, 1000)));
      return plainToValue("0s");
    },
  },
};

const stringRecord = (names: string[], required: string[]): { type: string; [k: string]: unknown } => ({
  type: "object",
  properties: Object.fromEntries(names.map((n) => [n, { type: "string" }])),
  required,
});

const rotators: { [name: string]: Rotator } = {
  swap: {
    schema: () => ({
      inputs: true,
      state: stringRecord(["a", "b"], ["a", "b"]),
      outputs: stringRecord(["a", "b"], ["a", "b"]),
    }),
    open: async (_inputs, state) => plainToValue(state),
    rotate: async (_inputs, state) => {
      const s = (state ?? {}) as { [k: string]: PlainValue };
      return { a: s.b ?? null, b: s.a ?? null };
    },
    rotateValues: async (_inputs, state) => {
      const s = objectOf(state);
      return { value: { a: s.b ?? empty(), b: s.a ?? empty() }, trace: { def: ZERO } };
    },
  },
  echo: {
    schema: () => ({
      inputs: { ...stringRecord(["next"], ["next"]), rotateOnly: ["next"] },
      state: stringRecord(["current", "previous"], ["current"]),
      outputs: stringRecord(["current", "previous"], ["current"]),
    }),
    open: async (inputs, state) => {
      const s = (state ?? {}) as { [k: string]: PlainValue };
      if (inputs.next !== undefined && inputs.next !== s.current) {
        throw new Error("oh no! inputs were evaluated outside of rotation");
      }
      return plainToValue(state ?? {});
    },
    rotate: async (inputs, state) => {
      if (inputs.next === undefined)
        throw new Error("oh no! rotateOnly inputs were not evaluated during rotation");
      const s = (state ?? {}) as { [k: string]: PlainValue };
      return { current: inputs.next, previous: s.current ?? null };
    },
    rotateValues: async (inputs, state) => {
      const next = inputs.next;
      if (next === undefined || next.unknown)
        throw new Error("oh no! rotateOnly inputs were not evaluated during rotation");
      return { value: { current: next, previous: objectOf(state).current ?? empty() }, trace: { def: ZERO } };
    },
  },
};

export const testProviders: ProviderRegistry = {
  provider: (name) => providers[name],
  rotator: (name) => rotators[name],
};
