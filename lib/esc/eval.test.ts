// Behaviour the conformance corpus does not cover (INDEX.md "Coverage gaps") plus the public
// API contract: no exception escapes check/open/rotate, whatever the input.
import { describe, expect, it } from "vitest";
import {
  checkEnvironment,
  openEnvironment,
  rotateEnvironment,
  toJSON,
  valueToString,
  valuesToJSON,
  type EvalOptions,
  type EvalResult,
  type PlainValue,
  type Provider,
  type ProviderRegistry,
} from "./index";
import { testProviders, plainToValue } from "./testing/providers";
import { rot128 } from "./testing/rot128";

function options(
  envs: Record<string, string> = {},
  providers: ProviderRegistry = testProviders,
): EvalOptions {
  return {
    name: "proj/env",
    providers,
    crypter: rot128,
    executionContext: { pulumi: { user: { login: "alice" } } },
    loader: {
      load: async (name) => {
        if (!(name in envs)) throw new Error(`environment "${name}" not found`);
        return { yaml: envs[name], crypter: rot128 };
      },
    },
  };
}

const json = (r: EvalResult, redact = false) => valuesToJSON(r.environment, redact);
const summaries = (r: EvalResult) => r.diagnostics.map((d) => d.summary);

describe("values, references and interpolation", () => {
  it("evaluates literals, objects, arrays and references with their types", async () => {
    const r = await openEnvironment(
      "values:\n  n: 42\n  f: 3.5\n  b: true\n  z: null\n  s: hi\n  list: [1, two]\n  obj: {k: v}\n  ref: ${obj}\n  deep: ${list[1]}\n  text: n=${n} b=${b} z=${z} obj=${obj}\n",
      options(),
    );
    expect(r.diagnostics).toEqual([]);
    expect(json(r)).toEqual({
      n: 42,
      f: 3.5,
      b: true,
      z: null,
      s: "hi",
      list: [1, "two"],
      obj: { k: "v" },
      ref: { k: "v" },
      deep: "two",
      text: 'n=42 b=true z= obj="k"="v"',
    });
  });

  it("un-escapes $$ and leaves a lone $ alone", async () => {
    const r = await openEnvironment(
      "values:\n  a: $${x} costs $$5 and $3\n  b: $$$$\n  c: ${a}\n",
      options(),
    );
    expect(r.diagnostics).toEqual([]);
    expect(json(r)).toEqual({ a: "${x} costs $5 and $3", b: "$$", c: "${x} costs $5 and $3" });
  });

  it("reports access errors on the accessor's range with a suggestion", async () => {
    const r = await checkEnvironment("values:\n  color: red\n  a: ${colour}\n", options());
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d.summary).toBe('unknown property "colour"; did you mean "color"?');
    expect(d.severity).toBe("error");
    expect(d.range?.begin).toEqual({ line: 3, column: 8, byte: 28 });
    expect(d.range?.end).toEqual({ line: 3, column: 14, byte: 34 });
    expect(r.environment?.properties?.a.unknown).toBe(true);
  });

  it("names cycles instead of looping", async () => {
    const r = await checkEnvironment("values:\n  a: ${b}\n  b: ${a}\n  c: x${c}\n", options());
    expect(summaries(r).sort()).toEqual(["cyclic reference to a", "cyclic reference to c"]);
    expect(json(r)).toEqual({ a: "[unknown]", b: "[unknown]", c: "[unknown]" });
  });

  it("resolves context values, including the environment names", async () => {
    const r = await checkEnvironment(
      "values:\n  who: ${context.pulumi.user.login}@${context.currentEnvironment.name}\n",
      options(),
    );
    expect(json(r)).toEqual({ who: "alice@proj/env" });
  });

  it("returns no environment and no diagnostics for an empty document", async () => {
    expect(await checkEnvironment("", options())).toEqual({ diagnostics: [] });
    expect(await checkEnvironment("description: nothing here\n", options())).toEqual({ diagnostics: [] });
  });
});

describe("document shape", () => {
  it("warns about unknown top-level keys, listing the closest fields first", async () => {
    const r = await checkEnvironment("valuez:\n  a: 1\nvalues:\n  b: 2\n", options());
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].severity).toBe("warning");
    expect(r.diagnostics[0].summary).toBe(
      "Field 'valuez' does not exist on Object 'environment'. Existing fields are: 'values', 'imports', 'description'",
    );
    expect(json(r)).toEqual({ b: 2 });
  });

  it("matches top-level keys case-insensitively and lets the last duplicate win with a warning", async () => {
    const r = await checkEnvironment("Values:\n  a: 1\nvalues:\n  b: 2\n", options());
    expect(summaries(r)).toEqual(['duplicate key "values"']);
    expect(json(r)).toEqual({ b: 2 });
  });

  it("type-checks description, imports and import options", async () => {
    const r = await checkEnvironment(
      "description: [1]\nimports:\n  - a: {merge: maybe}\n  - b: 1\n  - {c: {}, d: {}}\nvalues:\n  x: 1\n",
      options({ a: "values: {}\n", b: "values: {}\n", c: "values: {}\n" }),
    );
    expect(summaries(r)).toEqual([
      "description must be a string",
      "merge must be a boolean value",
      "import must be an object",
      "import must have a single key",
    ]);
  });

  it("refuses aliases and non-string keys without evaluating", async () => {
    const alias = await checkEnvironment("values:\n  a: &x 1\n  b: *x\n", options());
    expect(summaries(alias)).toEqual(["alias nodes are not supported"]);
    expect(alias.environment).toBeUndefined();
    const key = await checkEnvironment("values:\n  1: a\n", options());
    expect(summaries(key)).toEqual(["mapping keys must be strings"]);
  });

  it("turns YAML syntax errors into one diagnostic without a range", async () => {
    const r = await checkEnvironment("values: [1, 2\n", options());
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].summary).toMatch(/^yaml: line \d+: /);
    expect(r.diagnostics[0].range).toBeUndefined();
  });
});

describe("imports", () => {
  it("merges imports in order, own values last, with null overriding", async () => {
    const envs = {
      a: "values:\n  x: a\n  o: {p: 1, q: 1}\n",
      b: "values:\n  x: b\n  o: {q: 2}\n  gone: here\n",
    };
    const r = await openEnvironment("imports: [a, b]\nvalues:\n  o: {r: 3}\n  gone: null\n", options(envs));
    expect(r.diagnostics).toEqual([]);
    expect(json(r)).toEqual({ x: "b", o: { p: 1, q: 2, r: 3 }, gone: null });
  });

  it("reports import cycles and loader failures as diagnostics", async () => {
    const envs = { a: "imports: [b]\nvalues: {x: 1}\n", b: "imports: [a]\nvalues: {y: 2}\n" };
    const r = await checkEnvironment("imports: [a, missing]\nvalues: {z: 3}\n", options(envs));
    expect(summaries(r).sort()).toEqual(["cyclic import of a", 'environment "missing" not found']);
    expect(json(r)).toEqual({ x: 1, y: 2, z: 3 });
  });
});

describe("providers", () => {
  it("reports an unknown provider or rotator, even in check mode", async () => {
    const r = await checkEnvironment(
      "values:\n  a:\n    fn::open::nope: {}\n  b:\n    fn::rotate::nada:\n      inputs: {}\n",
      options(),
    );
    expect(summaries(r)).toEqual(['unknown provider "nope"', 'unknown rotator "nada"']);
    expect(r.diagnostics[0].range?.begin).toEqual({ line: 3, column: 5, byte: 17 });
    expect(json(r)).toEqual({ a: "[unknown]", b: "[unknown]" });
  });

  it("never calls providers when checking, and calls them once when opening", async () => {
    let calls = 0;
    const counting: Provider = {
      schema: () => ({ inputs: true, outputs: true }),
      open: async (inputs) => {
        calls++;
        return plainToValue(inputs);
      },
    };
    const registry: ProviderRegistry = {
      provider: (n) => (n === "count" ? counting : undefined),
      rotator: () => undefined,
    };
    const yaml = "values:\n  a:\n    fn::open::count: {x: 1}\n  b: ${a.x}\n";
    const checked = await checkEnvironment(yaml, options({}, registry));
    expect(calls).toBe(0);
    expect(json(checked)).toEqual({ a: "[unknown]", b: "[unknown]" });
    const opened = await openEnvironment(yaml, options({}, registry));
    expect(calls).toBe(1);
    expect(json(opened)).toEqual({ a: { x: 1 }, b: 1 });
  });

  it("gives a diagnostic, not a crash, when an any-schema provider gets non-object inputs", async () => {
    const r = await openEnvironment(
      "values:\n  a:\n    fn::open::test: hello\n  b:\n    fn::open::secret-wrapper: [1]\n",
      options(),
    );
    expect(summaries(r)).toEqual([
      "provider inputs must be an object, got string",
      "provider inputs must be an object, got array",
    ]);
    expect(json(r)).toEqual({ a: "[unknown]", b: "[unknown]" });
  });

  it("turns provider failures into diagnostics on the call and marks provider secrets deeply", async () => {
    const r = await openEnvironment(
      "values:\n  bad:\n    fn::open::error: {why: boom}\n  dep: ${bad.x}\n  s:\n    fn::open::secret-wrapper: {k: {v: 1}}\n",
      options(),
    );
    expect(summaries(r)).toEqual(["boom"]);
    expect(json(r, true)).toEqual({ bad: "[unknown]", dep: "[unknown]", s: "[secret]" });
    expect(r.environment?.properties?.s.value).toMatchObject({
      k: { secret: true, value: { v: { secret: true, value: 1 } } },
    });
  });

  it("survives a registry or provider that throws anything", async () => {
    const hostile: ProviderRegistry = {
      provider: (n) => {
        if (n === "explode") throw new Error("registry broke");
        return {
          schema: () => ({ inputs: true, outputs: true }),
          open: async () => {
            throw "not an Error";
          },
        };
      },
      rotator: () => undefined,
    };
    const r = await openEnvironment(
      "values:\n  a: {fn::open::explode: {}}\n  b: {fn::open::other: {}}\n",
      options({}, hostile),
    );
    expect(summaries(r)).toEqual(["registry broke", "not an Error"]);
  });

  it("rotates and returns patches for the rotated state", async () => {
    const yaml = "values:\n  pair:\n    fn::rotate::swap:\n      inputs: {}\n      state: {a: x, b: y}\n";
    const r = await rotateEnvironment(yaml, options());
    expect(r.diagnostics).toEqual([]);
    expect(r.patches.map((p) => [p.docPath, toJSON(p.replacement, false)])).toEqual([
      ['values.pair["fn::rotate::swap"].state', { a: "y", b: "x" }],
    ]);
    expect(json(r)).toEqual({ pair: { a: "y", b: "x" } });
  });
});

describe("builtins", () => {
  it("reports fn::fromJSON and fn::fromBase64 decode errors with Go's texts", async () => {
    const r = await openEnvironment(
      "values:\n  a: {fn::fromJSON: '{\"a\": tru}'}\n  b: {fn::fromBase64: 'ab$c'}\n  c: {fn::fromJSON: ''}\n  d: {fn::fromBase64: 'abc'}\n",
      options(),
    );
    expect(summaries(r)).toEqual([
      "decoding JSON string: invalid character '}' in literal true (expecting 'e')",
      "decoding base64 string: illegal base64 data at input byte 2",
      "decoding JSON string: EOF",
      "decoding base64 string: illegal base64 data at input byte 0",
    ]);
    expect(json(r)).toEqual({ a: "[unknown]", b: "[unknown]", c: "[unknown]", d: "[unknown]" });
  });

  it("decodes JSON keeping number text and reading only the first value", async () => {
    const r = await openEnvironment(
      'values:\n  a: {fn::fromJSON: \'{"n": 2.50, "l": [true, null]} trailing\'}\n  b: ${a.n}\n  c: {fn::fromBase64: aGVsbG8=}\n',
      options(),
    );
    expect(r.diagnostics).toEqual([]);
    expect(json(r)).toEqual({ a: { n: 2.5, l: [true, null] }, b: 2.5, c: "hello" });
  });

  it("validates values with fn::validate and passes them through", async () => {
    const r = await openEnvironment(
      [
        "values:",
        "  ok: {fn::validate: {schema: {type: string, minLength: 2}, value: hello}}",
        "  short:",
        "    fn::validate:",
        "      schema: {type: string, minLength: 3}",
        "      value: hi",
        "  nested:",
        "    fn::validate:",
        "      schema: {type: object, properties: {port: {type: number, maximum: 10}}, required: [port, host]}",
        "      value: {port: 99}",
        "  badschema: {fn::validate: {schema: {type: nope}, value: 1}}",
        "  missing: {fn::validate: {value: 1}}",
        "",
      ].join("\n"),
      options(),
    );
    expect(summaries(r)).toEqual([
      "missing required property 'schema'",
      // Evaluation runs in key order: badschema, nested, short.
      'invalid schema: unknown type "nope"',
      "expected a number less than or equal to10",
      "missing required properties: host",
      "expected a string of at least length 3",
    ]);
    const short = r.diagnostics[4];
    expect(short.range?.begin.line).toBe(6);
    expect(json(r).ok).toBe("hello");
    expect(r.environment?.properties?.short.unknown).toBe(true);
  });

  it("keeps secrets secret through builtins and redacts them in JSON", async () => {
    const r = await openEnvironment(
      "values:\n  p: {fn::secret: hunter2}\n  j: {fn::toJSON: {x: '${p}', y: '<&>'}}\n  s: {fn::toString: [1, '${p}']}\n  b64: {fn::toBase64: '${p}'}\n",
      options(),
    );
    expect(r.diagnostics).toEqual([]);
    expect(json(r, true)).toEqual({ p: "[secret]", j: "[secret]", s: "[secret]", b64: "[secret]" });
    expect(json(r, false)).toEqual({
      p: "hunter2",
      j: '{"x":"hunter2","y":"\\u003c\\u0026\\u003e"}',
      s: '"1","hunter2"',
      b64: "aHVudGVyMg==",
    });
  });

  it("keeps ciphertext unknown in check mode unless showSecrets", async () => {
    const yaml =
      "values:\n  c: {fn::secret: {ciphertext: ZXNjeAAAAAHo9e705fKyKo30VQ==}}\n  bad: {fn::secret: {ciphertext: bm9wZQ==}}\n";
    const checked = await checkEnvironment(yaml, options());
    expect(json(checked, false)).toEqual({ c: "[unknown]", bad: "[unknown]" });
    expect(summaries(checked)).toEqual(["invalid ciphertext: EOF"]);
    const shown = await checkEnvironment(yaml, { ...options(), showSecrets: true });
    expect(json(shown, false).c).toBe("hunter2");
  });
});

describe("robustness", () => {
  const hostileInputs: [string, string][] = [
    ["10,000-deep flow mapping", "values:\n  a: " + "{x: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n"],
    ["10,000-deep flow sequence", "values:\n  a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"],
    [
      "600-deep block mapping",
      "values:\n" + Array.from({ length: 600 }, (_, i) => " ".repeat(2 * i + 2) + "k:").join("\n") + " 1\n",
    ],
    ["deeply nested JSON", "values:\n  a: {fn::fromJSON: '" + "[".repeat(5000) + "'}\n"],
    ["unterminated interpolations", "values:\n  a: " + "${".repeat(20_000) + "\n"],
    ["control characters", "\u0000\u0001{[}"],
    ["a bare scalar", "hello"],
    ["a list", "- a\n- b\n"],
    ["multiple documents", "values: {a: 1}\n---\nvalues: {b: 2}\n"],
  ];
  for (const [name, yaml] of hostileInputs) {
    it(`answers ${name} with diagnostics, not an exception`, async () => {
      const r = await checkEnvironment(yaml, options());
      expect(Array.isArray(r.diagnostics)).toBe(true);
      if (name !== "a list" && name !== "a bare scalar") expect(r.diagnostics.length).toBeGreaterThan(0);
    });
  }

  it("evaluates a 3,000-long reference chain", async () => {
    const n = 3000;
    const yaml =
      "values:\n" +
      Array.from({ length: n }, (_, i) => `  a${i}: \${a${i + 1}}`).join("\n") +
      `\n  a${n}: end\n`;
    const r = await checkEnvironment(yaml, options());
    expect(r.diagnostics).toEqual([]);
    expect(json(r).a0).toBe("end");
  });
});

describe("JSON and string projections", () => {
  it("converts values per SEMANTICS §8.3", async () => {
    const r = await openEnvironment(
      "values:\n  o: {b: [1, {c: x}], a: true, n: null, s: {fn::secret: pw}}\n  u: {fn::open::test: {x: '${o.missing}'}}\n",
      options(),
    );
    const o = r.environment!.properties!.o;
    expect(valueToString(o)).toBe(
      '"a"="true","b"="\\"1\\",\\"\\\\\\"c\\\\\\"=\\\\\\"x\\\\\\"\\"","n"="","s"="pw"',
    );
    expect(toJSON(o, true)).toEqual({ a: true, b: [1, { c: "x" }], n: null, s: "[secret]" } as PlainValue);
    expect(toJSON(r.environment!.properties!.u, false)).toBe("[unknown]");
    expect(valueToString(r.environment!.properties!.u)).toBe("[unknown]");
  });
});

describe("caller options", () => {
  it("accepts rotation paths in any Pulumi property-path spelling and rejects malformed ones", async () => {
    const yaml =
      'values:\n  "my-pair":\n    - fn::rotate::swap:\n        inputs: {}\n        state: {a: x, b: y}\n';
    const r = await rotateEnvironment(yaml, { ...options(), paths: ['["my-pair"][0]'] });
    expect(r.patches.map((p) => p.docPath)).toEqual(['values["my-pair"][0]["fn::rotate::swap"].state']);
    const none = await rotateEnvironment(yaml, { ...options(), paths: ["other"] });
    expect(none.patches).toEqual([]);
    const bad = await rotateEnvironment(yaml, { ...options(), paths: ["a..b"] });
    expect(bad.diagnostics[0].summary).toMatch(/^invalid property path/);
    expect(bad.environment).toBeUndefined();
  });

  it("refuses caller-supplied environment names in the execution context", async () => {
    const r = await checkEnvironment("values:\n  a: ${context.currentEnvironment.name}\n", {
      ...options(),
      executionContext: { currentEnvironment: { name: "spoofed" } },
    });
    expect(summaries(r)).toEqual(['reserved context key: "currentEnvironment"']);
    expect(json(r)).toEqual({ a: "proj/env" });
  });

  it("does not call providers once the caller has given up", async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await openEnvironment("values:\n  a: {fn::open::test: {x: 1}}\n", {
      ...options(),
      signal: controller.signal,
    });
    expect(summaries(r)).toEqual(["evaluation cancelled"]);
  });
});

describe("secrets in diagnostics", () => {
  it("does not quote characters of a secret in a JSON decoding error", async () => {
    const r = await openEnvironment(
      "values:\n  s: {fn::secret: 'pa$$w0rd'}\n  j: {fn::fromJSON: '${s}'}\n",
      options(),
    );
    expect(summaries(r)).toEqual(["decoding JSON string: invalid JSON in a secret value"]);
    expect(JSON.stringify(r.diagnostics)).not.toContain("w0rd");
  });
});

describe("odd provider outputs", () => {
  it("accepts plain JSON instead of a Value and tames non-finite numbers and cycles", async () => {
    const cyclic: { [k: string]: unknown } = { a: 1 };
    cyclic.self = cyclic;
    const outputs: { [name: string]: unknown } = {
      plain: { host: "db", port: 5432 },
      nan: {
        value: NaN,
        trace: { def: { begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } } },
      },
      cyclic,
    };
    const registry: ProviderRegistry = {
      provider: (n) => ({
        schema: () => ({ inputs: true, outputs: true }),
        open: async () => outputs[n] as never,
      }),
      rotator: () => undefined,
    };
    const r = await openEnvironment(
      "values:\n  p: {fn::open::plain: {}}\n  n: {fn::open::nan: {}}\n  c: {fn::open::cyclic: {}}\n",
      options({}, registry),
    );
    expect(r.diagnostics).toEqual([]);
    expect(json(r).p).toEqual({ host: "db", port: 5432 });
    expect(json(r).n).toBeNull();
    expect((json(r).c as { a: number }).a).toBe(1);
  });
});
