// A light JSON schema of an environment definition for monaco-yaml's completions and hovers.
// The evaluator is the authority on validity (its diagnostics are the markers that matter);
// this only helps typing the top-level shape.
export const escDocumentSchema = {
  type: "object",
  properties: {
    imports: {
      description: "Environments whose values are merged in, in order, before this one's (`project/env` or `env`).",
      type: "array",
      items: { anyOf: [{ type: "string" }, { type: "object", additionalProperties: { type: "object", properties: { merge: { type: "boolean" } } } }] },
    },
    values: {
      description: "The environment's configuration values. `${path}` interpolates other values; `fn::` builtins compute them.",
      type: "object",
      properties: {
        environmentVariables: { description: "Variables set by `esc env run` and `esc open --format dotenv|shell`.", type: "object" },
        files: { description: "Values written to temporary files by `esc env run`; the variable holds the file path.", type: "object" },
        pulumiConfig: { description: "Configuration exposed to Pulumi stacks that import this environment.", type: "object" },
      },
    },
  },
  additionalProperties: false,
} as const;
