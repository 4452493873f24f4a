import { describe, expect, it } from "vitest";
import { openEnvironment } from "@/lib/esc";
import { rot128 } from "@/lib/esc/testing/rot128";
import { testProviders } from "@/lib/esc/testing/providers";
import { parseStoredDefinition } from "./parsed-definitions";

const definition = (i: number) => `values:\n  index: ${i}\n  greeting: hello-\${index}\n`;

describe("parseStoredDefinition", () => {
  it("parses a text once per name and hands the same declaration back", () => {
    const text = definition(1);
    const first = parseStoredDefinition("p/a", text);
    expect(first.decl).toBeDefined();
    expect(parseStoredDefinition("p/a", text).decl).toBe(first.decl);
    // Another name is another parse (diagnostics and positions name the environment).
    expect(parseStoredDefinition("p/b", text).decl).not.toBe(first.decl);
    expect(parseStoredDefinition("p/a", definition(2)).decl).not.toBe(first.decl);
  });

  it("gives every caller diagnostics of its own", () => {
    const text = "values:\n  a: ${nope\n";
    const first = parseStoredDefinition("p/diags", text);
    expect(first.diags.length).toBeGreaterThan(0);
    const count = first.diags.length;
    first.diags.push({ severity: "error", summary: "added by a caller", path: "" });
    first.diags[0].summary = "changed by a caller";
    const again = parseStoredDefinition("p/diags", text);
    expect(again.diags).toHaveLength(count);
    expect(again.diags[0].summary).not.toBe("changed by a caller");
  });

  it("keeps a bounded number of texts, least recently used out first", () => {
    const kept = parseStoredDefinition("p/kept", definition(-1));
    const dropped = parseStoredDefinition("p/dropped", definition(-2));
    for (let i = 0; i < 500; i++) {
      parseStoredDefinition(`p/e${i}`, definition(i));
      if (i % 50 === 0) parseStoredDefinition("p/kept", definition(-1)); // still in use
    }
    expect(parseStoredDefinition("p/kept", definition(-1)).decl).toBe(kept.decl);
    expect(parseStoredDefinition("p/dropped", definition(-2)).decl).not.toBe(dropped.decl);
  });

  it("serves evaluations that give what a fresh parse gives", async () => {
    const root = "imports:\n  - p/base\nvalues:\n  both: ${base}-${index}\n  index: 2\n  s:\n    fn::secret: shh\n";
    const base = "values:\n  base: b\n  list: [1, 2, 3]\n";
    const run = (parse?: typeof parseStoredDefinition) =>
      openEnvironment(root, {
        name: "p/root",
        providers: testProviders,
        crypter: rot128,
        loader: { load: async () => ({ yaml: base, crypter: rot128 }) },
        parse,
      });
    const fresh = await run();
    expect(fresh.diagnostics).toEqual([]);
    for (let i = 0; i < 3; i++) expect(await run(parseStoredDefinition)).toEqual(fresh);
  });
});
