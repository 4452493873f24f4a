// The preview tells values that could not be computed from values that wait for Open, and shows
// secrets the check did not decrypt as secrets: checked with the real evaluator.
import { describe, expect, it } from "vitest";
import { checkEnvironment, openEnvironment, type EvalResult } from "@/lib/esc";
import type { SecretCrypter } from "@/lib/esc/contract";
import { encryptSecrets } from "@/lib/esc/crypt";
import { testProviders } from "@/lib/esc/testing/providers";
import type { PreviewNode } from "@/components/editor/preview-types";
import { toPreview } from "./to-preview";

// Reversible and key-free: enough to produce real ciphertext envelopes the evaluator accepts.
const crypter: SecretCrypter = {
  encrypt: async (b) => b.map((x) => x ^ 0x5a),
  decrypt: async (b) => b.map((x) => x ^ 0x5a),
};
const loader = {
  load: async (name: string) => {
    if (name === "base") return { yaml: await encryptSecrets("values:\n  dbPassword:\n    fn::secret: base-s3cret\n", crypter), crypter };
    throw new Error(`environment "${name}" not found`);
  },
};

const DEFINITION = `imports:
  - base
values:
  bad: \${does.not.exist}
  badText: pre-\${does.not.exist}
  viaBad: \${bad}
  list:
    - ok
    - \${nope}
  provider:
    fn::open::test:
      foo: bar
  fromProvider: \${provider.foo}
  badInput:
    fn::open::test:
      foo: \${missing}
  password:
    fn::secret: s3cret
  copied: \${password}
  imported: \${dbPassword}
  environmentVariables:
    BAD: \${bad}
    LATER: \${provider.foo}
    PASSWORD: \${password}
`;

async function preview(mode: "check" | "open", yaml: string): Promise<ReturnType<typeof toPreview>> {
  const run = mode === "check" ? checkEnvironment : openEnvironment;
  const result: EvalResult = await run(yaml, { name: "p/e", providers: testProviders, loader, crypter });
  return toPreview(result.environment?.properties, result.diagnostics, "p/e", result.environment?.exprs);
}

function entry(node: PreviewNode, key: string): PreviewNode {
  if (node.t !== "object") throw new Error(`not an object: ${node.t}`);
  const found = node.entries.find(([k]) => k === key);
  if (!found) throw new Error(`no ${key}`);
  return found[1];
}

describe("unknown values in the preview", () => {
  it("shows a bad reference, and what is computed from it, as an error with the evaluator's diagnostic", async () => {
    // As the editor's "read" users get it: secrets stay ciphertext, the check does not decrypt them.
    const values = (await preview("check", await encryptSecrets(DEFINITION, crypter))).values;
    const unknownProperty = { t: "error", message: 'unknown property "does"' };
    expect(entry(values, "bad")).toEqual(unknownProperty);
    expect(entry(values, "badText")).toEqual(unknownProperty);
    expect(entry(values, "viaBad")).toEqual(unknownProperty);
    const list = entry(values, "list");
    expect(list).toEqual({ t: "array", items: [{ t: "string", v: "ok" }, { t: "error", message: 'unknown property "nope"' }] });
    // A provider whose inputs are in error will never open: an error, not "unknown until opened".
    expect(entry(values, "badInput")).toEqual({ t: "error", message: 'unknown property "missing"' });
    // Provider outputs are genuinely unknown until opened.
    expect(entry(values, "provider")).toEqual({ t: "unknown" });
    expect(entry(values, "fromProvider")).toEqual({ t: "unknown" });
    // Secrets the check left encrypted are secrets (never "unknown"), here and through references and imports.
    expect(entry(values, "password")).toEqual({ t: "secret" });
    expect(entry(values, "copied")).toEqual({ t: "secret" });
    expect(entry(values, "imported")).toEqual({ t: "secret" });
  });

  it("marks projected variables the same way", async () => {
    const { projection } = await preview("check", await encryptSecrets(DEFINITION, crypter));
    const byName = Object.fromEntries(projection.variables.map((v) => [v.name, v]));
    expect(byName.BAD).toEqual({ name: "BAD", secret: false, unknown: true, error: 'unknown property "does"' });
    expect(byName.LATER).toEqual({ name: "LATER", secret: false, unknown: true });
    expect(byName.PASSWORD).toEqual({ name: "PASSWORD", secret: true, unknown: true });
  });

  it("after Open: provider outputs known, errors still errors, no plaintext secret sent", async () => {
    const result = await preview("open", DEFINITION);
    expect(entry(result.values, "fromProvider")).toEqual({ t: "string", v: "bar" });
    expect(entry(result.values, "viaBad")).toEqual({ t: "error", message: 'unknown property "does"' });
    expect(entry(result.values, "badInput")).toEqual({ t: "error", message: 'unknown property "missing"' });
    expect(entry(result.values, "password")).toEqual({ t: "secret" });
    expect(JSON.stringify(result)).not.toMatch(/s3cret/);
  });

  it("without the expressions (or without errors) nothing is called an error", async () => {
    const result = await checkEnvironment("values:\n  bad: ${nope}\n", { name: "p/e", providers: testProviders, loader, crypter });
    expect(toPreview(result.environment?.properties, result.diagnostics, "p/e").values).toEqual({
      t: "object",
      entries: [["bad", { t: "unknown" }]],
    });
    const clean = await preview("check", "values:\n  p:\n    fn::open::test:\n      foo: bar\n  q: ${p.foo}\n");
    expect(entry(clean.values, "q")).toEqual({ t: "unknown" });
  });
});
