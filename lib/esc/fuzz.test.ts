// Property-based fuzzing of the evaluator: random ESC-shaped documents, random YAML-ish text
// and random edits go through check and open. Whatever comes in, only diagnostics come out:
// no exception, no hang, well-formed results, and secrets never appear in diagnostics.
import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { encodeCiphertext } from "./ciphertext";
import type { EnvironmentLoader, PlainValue, Value } from "./contract";
import { checkEnvironment, openEnvironment, type EvalResult } from "./index";
import { testProviders } from "./testing/providers";
import { rot128 } from "./testing/rot128";
import { deleteYamlPath, setYamlPath, YamlEditError } from "./yaml-edit";

// A marker that only ever appears inside fn::secret arguments, so we can look for leaks.
const SECRET = "S3CR3T-9f2c";
const HANG_MS = 5000;

const utf8 = (s: string) => new TextEncoder().encode(s);
const secretCiphertext = encodeCiphertext(rot128Sync(utf8(`${SECRET}-ciphertext`)));
function rot128Sync(b: Uint8Array): Uint8Array {
  return b.map((x) => (x + 128) & 0xff);
}

const keys = [
  "a", "b", "c", "values", "imports", "environmentVariables", "files", "pulumiConfig", "context",
  "fn::secret", "fn::join", "fn::split", "fn::concat", "fn::toJSON", "fn::fromJSON", "fn::toBase64",
  "fn::fromBase64", "fn::toString", "fn::final", "fn::validate", "fn::open::test", "fn::open::error",
  "fn::open::schema", "fn::open::secret-wrapper", "fn::open", "fn::rotate::swap", "fn::rotate::echo",
  "fn::unknown", "ciphertext", "provider", "inputs", "state", "schema", "value", "why", "${a}", "x.y", "",
];
const strings = [
  "${a}", "${b}", "${a.b}", "${a[0]}", '${a["b"]}', "${values}", "${imports.e1.a}", "${environments.p.e1.a}",
  "${context.pulumi.user.id}", "${context.currentEnvironment.name}", "$${a}", "${", "${}", "${a.}", "${[0]}",
  "x ${a} y ${b}", "hello", "", "42", "true", "null", "[1, 2]", '{"a": 1}', "aGVsbG8=", "!!!", secretCiphertext,
  "ZXNjeAAAAAHo9e705fKyKo30VQ==", "hunter23",
];

const key = fc.constantFrom(...keys);
const scalar: fc.Arbitrary<PlainValue> = fc.oneof(
  fc.constantFrom(...strings),
  fc.string({ maxLength: 10 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
// fn::secret always carries the marker, in plaintext or ciphertext form.
const secret: fc.Arbitrary<PlainValue> = fc.oneof(
  fc.string({ maxLength: 6 }).map((s) => ({ "fn::secret": `${SECRET}${s}` })),
  fc.constant({ "fn::secret": { ciphertext: secretCiphertext } }),
);
const { node: valueTree } = fc.letrec<{ node: PlainValue; obj: PlainValue; arr: PlainValue }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, secret, tie("obj"), tie("arr")),
  obj: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
  arr: fc.array(tie("node"), { maxLength: 4 }),
}));
const imports = fc.array(fc.oneof(fc.constantFrom("e1", "e2", "missing", "env", ""), fc.record({ e1: fc.constant({ merge: false }) })), {
  maxLength: 3,
});
const document: fc.Arbitrary<PlainValue> = fc.record(
  { imports, values: fc.dictionary(key, valueTree, { maxKeys: 6 }), description: fc.string({ maxLength: 5 }) },
  { requiredKeys: [] },
);

/** Imported environments: e1 imports e2, e2 imports e1 in some runs (a cycle). */
const loader = (e2ImportsE1: boolean): EnvironmentLoader => ({
  async load(name) {
    const envs: Record<string, string> = {
      e1: "imports: [e2]\nvalues:\n  a: {b: [1, 2]}\n  s: {fn::secret: " + SECRET + "-e1}\n",
      e2: `${e2ImportsE1 ? "imports: [e1]\n" : ""}values:\n  b: \${a}\n  c: {fn::open::test: {x: 1}}\n`,
      "p/e1": "values:\n  a: 1\n",
    };
    if (!Object.hasOwn(envs, name)) throw new Error(`environment ${name} not found`);
    return { yaml: envs[name], crypter: rot128 };
  },
});

async function withDeadline<T>(p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function checkValue(v: Value, depth = 0): void {
  expect(typeof v).toBe("object");
  expect(v.trace).toBeDefined();
  if (depth > 50) return;
  if (Array.isArray(v.value)) v.value.forEach((e) => checkValue(e, depth + 1));
  else if (v.value !== null && typeof v.value === "object") Object.values(v.value).forEach((e) => checkValue(e, depth + 1));
}

function checkResult(r: EvalResult): void {
  expect(Array.isArray(r.diagnostics)).toBe(true);
  for (const d of r.diagnostics) {
    expect(["error", "warning"]).toContain(d.severity);
    expect(typeof d.summary).toBe("string");
    expect(`${d.summary} ${d.detail ?? ""}`).not.toContain(SECRET);
  }
  for (const v of Object.values(r.environment?.properties ?? {})) checkValue(v);
}

/** How often runs reached interesting outcomes, so a generator that stops exercising the evaluator is noticed. */
const seen = { properties: 0, secrets: 0, diagnostics: 0 };

function hasSecret(v: Value, depth = 0): boolean {
  if (v.secret) return true;
  if (depth > 50 || v.value === null || typeof v.value !== "object") return false;
  return Object.values(v.value).some((e) => hasSecret(e, depth + 1));
}

async function evaluateBoth(yaml: string, cycle: boolean): Promise<void> {
  const opts = { name: "env", providers: testProviders, loader: loader(cycle), crypter: rot128, executionContext: { pulumi: { user: { id: "u" } } } };
  checkResult(await withDeadline(checkEnvironment(yaml, opts)));
  const open = await withDeadline(openEnvironment(yaml, opts));
  checkResult(open);
  const props = Object.values(open.environment?.properties ?? {});
  if (props.length > 0) seen.properties++;
  if (props.some((v) => hasSecret(v))) seen.secrets++;
  if (open.diagnostics.length > 0) seen.diagnostics++;
}

describe("evaluator fuzzing", () => {
  it("random ESC-shaped documents give only diagnostics", async () => {
    await fc.assert(
      fc.asyncProperty(document, fc.boolean(), fc.boolean(), async (doc, flow, cycle) => {
        await evaluateBoth(stringify(doc, { collectionStyle: flow ? "flow" : "block" }), cycle);
      }),
      { numRuns: 200 },
    );
    // The generator must keep reaching real evaluation: values, secrets and errors.
    expect(seen.properties).toBeGreaterThan(50);
    expect(seen.secrets).toBeGreaterThan(10);
    expect(seen.diagnostics).toBeGreaterThan(10);
  });

  it("random YAML-ish text gives only diagnostics", async () => {
    const token = fc.constantFrom(
      "values:", "imports:", "\n", "\n  ", "\n    ", "- ", ": ", "a", "b", "fn::secret", "fn::open::test", "${a}", "${", "}",
      "[", "]", "{", "}", ",", "&x ", "*x", "!tag ", "!!str ", "#c", "|", ">-", "'", '"', "\\", "\t", "%YAML 1.2", "---", "...",
      "? ", "<<: ", "~", "1e400", "0x", "\u0000", "\ud800", "é", "😀",
    );
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 40 }), fc.boolean(), async (tokens, cycle) => {
        await evaluateBoth(tokens.join(""), cycle);
      }),
      { numRuns: 300 },
    );
  });

  it("random edits of documents give only diagnostics", async () => {
    const path = fc.array(fc.oneof(key, fc.nat({ max: 3 })), { minLength: 1, maxLength: 4 });
    const edit = fc.oneof(
      fc.record({ kind: fc.constant("set" as const), path, value: valueTree, secret: fc.boolean() }),
      fc.record({ kind: fc.constant("delete" as const), path }),
    );
    await fc.assert(
      fc.asyncProperty(document, fc.array(edit, { minLength: 1, maxLength: 5 }), fc.boolean(), async (doc, edits, cycle) => {
        let yaml = stringify(doc);
        for (const e of edits) {
          try {
            if (e.kind === "delete") yaml = deleteYamlPath(yaml, e.path);
            else if (e.secret) yaml = setYamlPath(yaml, ["values", ...e.path], `${SECRET}-set`, { secret: true });
            else yaml = setYamlPath(yaml, e.path, e.value);
          } catch (err) {
            expect(err).toBeInstanceOf(YamlEditError);
          }
          await evaluateBoth(yaml, cycle);
        }
      }),
      { numRuns: 100 },
    );
  });
});
