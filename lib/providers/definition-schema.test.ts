// The editor's schema is generated from the evaluator and the provider registry; these tests
// prove it cannot drift from them: every builtin and every registered provider (with its inputs)
// is in it, and what it accepts or rejects agrees with the evaluator on the points it covers.
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { BUILTINS } from "@/lib/esc/ast";
import { checkEnvironment, type PlainValue } from "@/lib/esc";
import type { JsonSchema } from "@/lib/esc/definition-json-schema";
import { parse } from "yaml";
import { PROVIDER_SUMMARIES, serviceDefinitionJsonSchema } from "./definition-schema";
import { createProviders } from "./registry";

const schema = serviceDefinitionJsonSchema();
const defs = schema.definitions as { [name: string]: JsonSchema };
const calls = (defs.builtinCall.anyOf as JsonSchema[]).map((c) => {
  const [name] = Object.keys(c.properties as object);
  return { name, body: (c.properties as { [k: string]: JsonSchema })[name] };
});
const callNamed = (name: string) => calls.find((c) => c.name === name);
const providers = createProviders({ mintToken: () => Promise.reject(new Error("not in tests")) });

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile(schema);
const valid = (yaml: string) => validate(parse(yaml) as PlainValue);

describe("the editor's definition schema", () => {
  it("offers every builtin the evaluator knows, each with documentation, and nothing else", () => {
    expect(BUILTINS.size).toBeGreaterThan(10);
    for (const name of BUILTINS) {
      const call = callNamed(name);
      expect(call, name).toBeDefined();
      expect(call!.body.markdownDescription, name).toMatch(/\S{10,}/);
    }
    const builtinCalls = calls.filter((c) => !c.name.startsWith("fn::open::"));
    expect(builtinCalls.map((c) => c.name).sort()).toEqual([...BUILTINS].sort());
    // Every call is also a completion snippet wherever a value goes.
    const snippets = defs.value.defaultSnippets as { label: string; body: object }[];
    expect(snippets.map((s) => s.label).sort()).toEqual(calls.map((c) => c.name).sort());
    for (const s of snippets) expect(Object.keys(s.body)).toEqual([s.label]);
  });

  it("offers fn::open::NAME for every registered provider, with that provider's inputs and a summary", () => {
    const names = Object.keys(providers);
    expect(names).toContain("aws-login");
    for (const name of names) {
      const call = callNamed(`fn::open::${name}`);
      expect(call, name).toBeDefined();
      expect(PROVIDER_SUMMARIES[name], name).toBeDefined();
      expect(call!.body.description).toBe(PROVIDER_SUMMARIES[name]);
      const inputs = providers[name].schema().inputs as unknown as { properties: object };
      expect(Object.keys(call!.body.properties as object).sort(), name).toEqual(
        Object.keys(inputs.properties).sort(),
      );
    }
    expect(calls.filter((c) => c.name.startsWith("fn::open::")).length).toBe(names.length);
    const oidc = (callNamed("fn::open::aws-login")!.body.properties as { [k: string]: JsonSchema }).oidc;
    const oidcObject = (oidc.anyOf as JsonSchema[])[0];
    expect(Object.keys(oidcObject.properties as object)).toEqual(
      expect.arrayContaining(["roleArn", "sessionName", "duration", "policyArns", "subjectAttributes"]),
    );
    expect(
      ((oidcObject.properties as { [k: string]: JsonSchema }).roleArn as JsonSchema).description,
    ).toMatch(/IAM role/);
  });

  it("accepts the documents the evaluator accepts (README examples, interpolated provider inputs)", async () => {
    const docs = [
      "values:\n  greeting: hello\n  environmentVariables:\n    GREETING: ${greeting}\n",
      [
        "imports:\n  - shared/base\n  - shared/other: { merge: false }",
        "values:",
        "  aws:",
        "    login:",
        "      fn::open::aws-login:",
        "        oidc:",
        "          duration: 1h",
        "          roleArn: arn:aws:iam::123456789012:role/esc",
        "          sessionName: esc-session",
        "    secrets:",
        "      fn::open::aws-secrets:",
        "        region: us-west-2",
        "        login: ${aws.login}",
        "        get:",
        "          db:",
        "            secretId: prod/db",
        "  password:",
        "    fn::secret: hunter2",
        "  list:",
        "    fn::join: [',', ['a', { fn::toString: 1 }]]",
        "  environmentVariables:",
        "    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}",
      ].join("\n"),
    ];
    for (const doc of docs) {
      expect(valid(doc), `${doc}\n${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("rejects what the evaluator rejects: unknown top-level keys, wrong provider input types, builtins with other keys", async () => {
    const bad = [
      "valuez:\n  a: 1\n",
      "values:\n  login:\n    fn::open::aws-login:\n      oidc:\n        roleArn: 5\n        sessionName: s\n",
      "values:\n  x:\n    fn::secret: a\n    other: b\n",
      "values:\n  x:\n    fn::nosuch: 1\n",
      "values:\n  fn::secret: a\n",
    ];
    for (const doc of bad) {
      expect(valid(doc), doc).toBe(false);
      const result = await checkEnvironment(doc, {
        name: "p/e",
        providers: { provider: (n) => providers[n], rotator: () => undefined },
        loader: { load: () => Promise.reject(new Error("no imports here")) },
        crypter: { encrypt: async (b) => b, decrypt: async (b) => b },
      });
      expect(result.diagnostics.length, doc).toBeGreaterThan(0);
    }
  });

  it("names exactly the evaluator's top-level keys", async () => {
    for (const key of Object.keys(schema.properties as object)) {
      const result = await checkEnvironment(
        `${key}: ${key === "imports" ? "[]" : key === "values" ? "{}" : "x"}\n`,
        {
          name: "p/e",
          providers: { provider: () => undefined, rotator: () => undefined },
          loader: { load: () => Promise.reject(new Error("none")) },
          crypter: { encrypt: async (b) => b, decrypt: async (b) => b },
        },
      );
      expect(result.diagnostics, key).toEqual([]);
    }
  });
});
