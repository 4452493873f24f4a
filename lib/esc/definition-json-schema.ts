// The JSON schema of an environment definition that the console's editor (monaco-yaml) uses for
// completion, hover documentation and validation while typing. It is generated, never written by
// hand: the builtin names come from the evaluator's own list (ast.ts BUILTINS) and each provider's
// `fn::open::NAME` inputs from that provider's input schema, so the editor cannot offer a builtin
// the evaluator does not know or miss a provider input. The evaluator stays the authority on
// validity: its diagnostics are the markers that matter; this schema helps typing.
import { BUILTINS, type BuiltinName } from "./ast";
import type { Provider, Schema } from "./contract";

export type JsonSchema = { [key: string]: unknown };

/** What the schema says about one provider: its input schema and a sentence about it. */
export interface ProviderDoc {
  provider: Provider;
  description: string;
}

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

interface BuiltinDoc {
  summary: string;
  example: string;
  /** The argument's schema (values inside may be expressions). */
  argument: JsonSchema;
}

const anyValue = ref("value");
const stringArg = { anyOf: [{ type: "string" }, ref("builtinCall")] };

// Keyed by the evaluator's BuiltinName type: a builtin added to the evaluator without a line here
// is a type error, and the unit test checks the runtime list (BUILTINS) against it too.
const BUILTIN_DOCS: Record<BuiltinName, BuiltinDoc> = {
  "fn::concat": {
    summary: "Concatenates arrays into one array.",
    example: "fn::concat:\n  - [a, b]\n  - ${more}",
    argument: { type: "array", items: anyValue },
  },
  "fn::final": {
    summary: "Marks a value final: an environment that imports this one cannot override it.",
    example: "fn::final: production",
    argument: anyValue,
  },
  "fn::fromBase64": {
    summary: "Decodes a base64 string (standard alphabet, padded).",
    example: "fn::fromBase64: aGVsbG8=",
    argument: stringArg,
  },
  "fn::fromJSON": {
    summary: "Parses a JSON string into a value. A secret string gives secret values.",
    example: "fn::fromJSON: '{\"port\": 5432}'",
    argument: stringArg,
  },
  "fn::join": {
    summary: "Joins a list of strings with a delimiter: `[delimiter, list]`.",
    example: 'fn::join: [",", ["a", "b"]]',
    argument: { type: "array", minItems: 2, maxItems: 2, items: anyValue },
  },
  "fn::open": {
    summary: "Calls a provider when the environment is opened. Usually written `fn::open::NAME: inputs`.",
    example: "fn::open:\n  provider: aws-login\n  inputs:\n    oidc: { ... }",
    argument: {
      type: "object",
      properties: {
        provider: { type: "string", description: "The provider's name, e.g. aws-login." },
        inputs: { description: "The provider's inputs.", ...anyValue },
      },
      required: ["provider", "inputs"],
    },
  },
  "fn::rotate": {
    summary: "Calls a rotator when the environment is opened or rotated.",
    example: "fn::rotate:\n  provider: NAME\n  inputs: { ... }\n  state: { ... }",
    argument: {
      type: "object",
      properties: {
        provider: { type: "string", description: "The rotator's name." },
        inputs: { description: "The rotator's inputs.", ...anyValue },
        state: { type: "object", description: "The rotation state (an object literal)." },
      },
      required: ["provider", "inputs"],
    },
  },
  "fn::secret": {
    summary:
      "A secret: masked wherever values are shown, encrypted at rest (the editor shows the plaintext you may see; saving re-encrypts it).",
    example: "fn::secret: hunter2",
    argument: {
      anyOf: [
        { type: "string" },
        {
          type: "object",
          properties: { ciphertext: { type: "string", description: "Encrypted secret (base64)." } },
          required: ["ciphertext"],
          additionalProperties: false,
        },
      ],
    },
  },
  "fn::split": {
    summary: "Splits a string on a delimiter into a list: `[delimiter, string]`.",
    example: 'fn::split: [",", "a,b,c"]',
    argument: { type: "array", minItems: 2, maxItems: 2, items: anyValue },
  },
  "fn::toBase64": {
    summary: "Encodes a string as base64.",
    example: "fn::toBase64: hello",
    argument: stringArg,
  },
  "fn::toJSON": {
    summary: "Serialises a value as JSON text (secrets inside stay secret).",
    example: "fn::toJSON: ${database}",
    argument: anyValue,
  },
  "fn::toString": {
    summary: "Turns a value into its string form.",
    example: "fn::toString: ${port}",
    argument: anyValue,
  },
  "fn::validate": {
    summary: "Checks a value against a JSON schema; a mismatch is an error.",
    example: "fn::validate:\n  schema: { type: string }\n  value: ${region}",
    argument: {
      type: "object",
      properties: {
        schema: { type: "object", description: "A JSON schema (the subset ESC supports)." },
        value: { description: "The value to check.", ...anyValue },
      },
      required: ["schema", "value"],
    },
  },
};

function describe(summary: string, example: string): { description: string; markdownDescription: string } {
  return { description: summary, markdownDescription: `${summary}\n\n\`\`\`yaml\n${example}\n\`\`\`` };
}

/** One builtin call: an object whose only key is `name`. */
function callSchema(
  name: string,
  argument: JsonSchema,
  docs: { description: string; markdownDescription: string },
) {
  return {
    type: "object",
    properties: { [name]: { ...argument, ...docs } },
    required: [name],
    additionalProperties: false,
  };
}

/**
 * A provider's input schema as the editor sees it: wherever the provider wants a value, the
 * document may also write an interpolation (`${aws.login}`) or a builtin call, which the
 * evaluator resolves before the provider runs. The ESC `secret` extension becomes a note.
 */
export function acceptExpressions(schema: Schema, top = true): JsonSchema {
  if (typeof schema === "boolean") return schema ? {} : { not: {} };
  const out: JsonSchema = { ...schema };
  if (schema.secret === true) {
    delete out.secret;
    out.description = `${typeof schema.description === "string" ? `${schema.description} ` : ""}(secret)`;
  }
  const props = schema.properties as { [key: string]: Schema } | undefined;
  if (props && typeof props === "object") {
    out.properties = Object.fromEntries(
      Object.entries(props).map(([k, v]) => [k, acceptExpressions(v, false)]),
    );
  }
  if (schema.items && typeof schema.items === "object")
    out.items = acceptExpressions(schema.items as Schema, false);
  if (schema.additionalProperties && typeof schema.additionalProperties === "object")
    out.additionalProperties = acceptExpressions(schema.additionalProperties as Schema, false);
  if (top) return out;
  const alternatives: JsonSchema[] = [out, ref("builtinCall")];
  // A string already admits `${…}`; anything else may also be given by one.
  if (schema.type !== "string") alternatives.splice(1, 0, ref("interpolation"));
  return {
    anyOf: alternatives,
    ...(typeof out.description === "string" ? { description: out.description } : {}),
  };
}

/** The definition schema for the given providers (by `fn::open::NAME` name). */
export function definitionJsonSchema(providers: { [name: string]: ProviderDoc }): JsonSchema {
  const calls: JsonSchema[] = [];
  // Offered wherever a value goes, even where a plain string would also fit (`key: fn…`), where
  // the language server would otherwise only consider the string alternative.
  const snippets: JsonSchema[] = [];
  const add = (
    name: string,
    argument: JsonSchema,
    docs: { description: string; markdownDescription: string },
  ) => {
    calls.push(callSchema(name, argument, docs));
    snippets.push({ label: name, ...docs, body: { [name]: "$1" } });
  };
  for (const name of [...BUILTINS].sort()) {
    const doc = BUILTIN_DOCS[name as BuiltinName];
    add(name, doc.argument, describe(doc.summary, doc.example));
  }
  for (const name of Object.keys(providers).sort()) {
    const { provider, description } = providers[name];
    const key = `fn::open::${name}`;
    add(key, acceptExpressions(provider.schema().inputs), describe(description, `${key}:\n  ...`));
  }

  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    // No title: the language server would show it as the heading of every hover.
    type: "object",
    properties: {
      imports: {
        type: "array",
        ...describe(
          "Environments whose values are merged in, in order, before this one's. Write `project/env`, or `project/env: {merge: false}` to only reference one.",
          "imports:\n  - shared/base\n  - shared/aws: { merge: false }",
        ),
        items: {
          anyOf: [
            { type: "string", description: "An environment to import: `project/env`." },
            {
              type: "object",
              minProperties: 1,
              maxProperties: 1,
              additionalProperties: {
                type: "object",
                properties: {
                  merge: {
                    type: "boolean",
                    description:
                      "false: the environment is only referenced (`${environments.project.env.…}`), not merged in.",
                  },
                },
                additionalProperties: false,
              },
            },
          ],
        },
      },
      values: {
        type: "object",
        ...describe(
          "The environment's values. `${path}` refers to another value (`${aws.region}`, `${environments.project.env.key}`); `fn::` builtins compute values.",
          "values:\n  region: us-west-2\n  greeting: hello from ${region}",
        ),
        properties: {
          environmentVariables: {
            ...ref("value"),
            ...describe(
              "Variables `esc env run` sets for the command, and `esc open --format dotenv|shell` prints.",
              "environmentVariables:\n  AWS_REGION: ${region}",
            ),
          },
          files: {
            ...ref("value"),
            ...describe(
              "Values `esc env run` writes to temporary files; the variable named by the key holds the file's path.",
              "files:\n  KUBECONFIG: ${kubeconfig}",
            ),
          },
          pulumiConfig: {
            ...ref("value"),
            ...describe(
              "Configuration for Pulumi stacks that import this environment.",
              "pulumiConfig:\n  aws:region: ${region}",
            ),
          },
        },
        patternProperties: {
          "^[fF][nN]::": { not: {}, description: "A builtin cannot be a top-level value." },
        },
        additionalProperties: ref("value"),
      },
      description: { type: "string", description: "What this environment is for." },
    },
    additionalProperties: false,
    definitions: {
      value: {
        defaultSnippets: snippets,
        // The alternatives exclude each other (a builtin call is an object whose only key is a
        // builtin; a plain object has no fn:: key). oneOf, not anyOf: the language server's hover
        // would otherwise join the alternatives' empty descriptions into "|| ||".
        oneOf: [
          { type: ["string", "number", "boolean", "null"] },
          { type: "array", items: ref("value") },
          ref("builtinCall"),
          ref("plainObject"),
        ],
      },
      plainObject: {
        type: "object",
        // A key starting with fn:: makes the object a builtin call, checked by builtinCall.
        patternProperties: { "^[fF][nN]::": { not: {} } },
        additionalProperties: ref("value"),
      },
      interpolation: {
        type: "string",
        pattern: "\\$\\{",
        description: "A reference to another value: ${path.to.value}",
      },
      builtinCall: { anyOf: calls },
    },
  };
}
