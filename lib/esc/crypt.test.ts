import { readFileSync } from "node:fs";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { encodeCiphertext } from "./ciphertext";
import type { SecretCrypter } from "./contract";
import { decryptSecrets, encryptSecrets, SecretRewriteError } from "./crypt";
import { rot128 } from "./testing/rot128";

const CORPUS = "/work/shared/conformance/crypt";
const read = (name: string) => readFileSync(`${CORPUS}/${name}`, "utf8");
// rot128 does not grow its input, and the reference's envelope needs 16 bytes, so it cannot
// carry secrets shorter than 4 bytes (real crypters add a nonce and a tag). This one pads.
const padded: SecretCrypter = {
  encrypt: async (p) => rot128.encrypt(Uint8Array.from([0, 0, 0, 0, ...p])),
  decrypt: async (c) => (await rot128.decrypt(c)).subarray(4),
};
const data = (yaml: string) => parseAllDocuments(yaml).map((d) => (Array.isArray(d) ? d : d.toJS()));

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SecretRewriteError);
    return err as Error;
  }
  throw new Error("expected a rejection");
}

describe("crypt corpus (byte-exact)", () => {
  for (const name of ["omnibus", "open", "symbols", "trivia"]) {
    it(`${name}: encrypt(plaintext) == ciphertext and decrypt(ciphertext) == plaintext`, async () => {
      const plaintext = read(`${name}.plaintext.yaml`);
      const ciphertext = read(`${name}.ciphertext.yaml`);
      expect(await encryptSecrets(plaintext, rot128)).toBe(ciphertext);
      expect(await decryptSecrets(ciphertext, rot128)).toBe(plaintext);
      // idempotent: nothing left to do
      expect(await encryptSecrets(ciphertext, rot128)).toBe(ciphertext);
      expect(await decryptSecrets(plaintext, rot128)).toBe(plaintext);
    });
  }
});

describe("encryptSecrets", () => {
  it("rewrites calls anywhere, in every layout, keeping everything else byte-for-byte", async () => {
    const src = [
      "# leading comment",
      "imports: [a, b] # flow list",
      "values:",
      "  list:",
      "    - fn::secret: one",
      "    - {fn::secret: two, x: 1}   # not a call: two keys",
      "    - {\"fn::secret\": 'three'}",
      "  block:",
      "    fn::secret: |",
      "      line 1",
      "      line 2",
      "",
      "  nextline:",
      "    fn::secret:",
      "      four",
      "  commented:",
      "    fn::secret: # why",
      "      five",
      "  tagged:",
      "    fn::secret: !!str six",
      "  number:",
      "    fn::secret: 42",
      "  nested:",
      "    fn::secret: {fn::secret: seven}",
      `  done: {fn::secret: {ciphertext: ${encodeCiphertext(await padded.encrypt(new TextEncoder().encode("hunter2")))}}}`,
      "other:",
      "  fn::secret: eight   # outside values too",
      "",
    ].join("\n");
    const out = await encryptSecrets(src, padded);
    expect(out).not.toMatch(/\b(one|three|four|five|six|seven|eight)\b|line 1/);
    expect(out).toContain("# leading comment\nimports: [a, b] # flow list\n");
    expect(out).toContain("- {fn::secret: two, x: 1}   # not a call: two keys");
    expect(out).toContain("    fn::secret: # why\n");
    expect(out).toContain("fn::secret: 42");
    expect(out).toContain("# outside values too");
    // and it all comes back
    const back = await decryptSecrets(out, padded);
    const values = data(back)[0].values;
    expect(values.list).toEqual([{ "fn::secret": "one" }, { "fn::secret": "two", x: 1 }, { "fn::secret": "three" }]);
    expect(values.block).toEqual({ "fn::secret": "line 1\nline 2\n" });
    expect(values.nextline).toEqual({ "fn::secret": "four" });
    expect(values.commented).toEqual({ "fn::secret": "five" });
    expect(values.tagged).toEqual({ "fn::secret": "six" });
    expect(values.nested).toEqual({ "fn::secret": { "fn::secret": "seven" } });
    expect(values.done).toEqual({ "fn::secret": "hunter2" });
    // outside `values` the reference leaves ciphertext alone when decrypting
    expect(data(back)[0].other["fn::secret"]).toHaveProperty("ciphertext");
    expect(back).toContain("    fn::secret: # why\n");
  });

  it("rewrites every document of a stream and keeps directives and separators", async () => {
    const src = "%YAML 1.2\n---\nvalues: {a: {fn::secret: xyz1}}\n...\n---\n# second\nvalues:\n  b:\n    fn::secret: xyz2\n";
    const out = await encryptSecrets(src, rot128);
    expect(out).toMatch(/^%YAML 1\.2\n---\nvalues: \{a: \{fn::secret: \{ciphertext: ZXNjeA[^}]+\}\}\}\n\.\.\.\n---\n# second\n/);
    expect(out).not.toMatch(/xyz/);
    expect(await decryptSecrets(out, rot128)).toBe(src);
  });

  it("keeps anchors and tags elsewhere but refuses aliases (unsupported by ESC)", async () => {
    const anchored = "values:\n  a: &anchor {x: 1}\n  s: {fn::secret: hi}\n";
    expect(await encryptSecrets(anchored, rot128)).toContain("a: &anchor {x: 1}");
    const aliased = "values:\n  a: &anchor {x: 1}\n  b: *anchor\n  s: {fn::secret: hi}\n";
    expect((await rejection(encryptSecrets(aliased, rot128))).message).toMatch(/alias nodes are not supported \(at values\.b\)/);
  });

  it("refuses a billion-laughs document quickly without expanding it", async () => {
    const lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]`);
    const start = performance.now();
    expect((await rejection(encryptSecrets(lines.join("\n"), rot128))).message).toMatch(/alias/);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it("returns documents without calls unchanged, including empty and comment-only ones", async () => {
    for (const src of ["", "\n", "# only a comment\n", "values: {}\n", "---\n---\n", "values:\n  a: 1"]) {
      expect(await encryptSecrets(src, rot128)).toBe(src);
      expect(await decryptSecrets(src, rot128)).toBe(src);
    }
  });

  it("reports invalid YAML without echoing the text", async () => {
    const err = await rejection(encryptSecrets("values:\n  s: {fn::secret: topsecret\n", rot128));
    expect(err.message).toMatch(/^invalid YAML/);
    expect(err.message).not.toContain("topsecret");
  });

  it("names the path, never the plaintext, when the crypter fails", async () => {
    const failing: SecretCrypter = {
      encrypt: async () => {
        throw new Error("kms unavailable");
      },
      decrypt: async () => {
        throw new Error("kms unavailable");
      },
    };
    const err = await rejection(encryptSecrets('values:\n  "a b":\n    - fn::secret: topsecret\n', failing));
    expect(err.message).toBe('encrypting the secret at values["a b"][0]: kms unavailable');
  });

  it("handles a 250 kB document and deep nesting", async () => {
    // Dominated by the `yaml` package parsing the text twice (~1.5 s per MB on this machine).
    const lines = ["values:"];
    for (let i = 0; i < 5_000; i++) lines.push(`  k${i}:`, `    fn::secret: s${i}`, `    # comment ${i}`);
    const big = lines.join("\n") + "\n";
    let start = performance.now();
    const out = await encryptSecrets(big, padded);
    expect(performance.now() - start).toBeLessThan(15_000);
    expect(out).not.toMatch(/secret: s\d/);
    expect(out).toContain("    # comment 4999\n");
    start = performance.now();
    expect(await decryptSecrets(out, padded)).toBe(big);
    expect(performance.now() - start).toBeLessThan(15_000);

    const deep = "values:\n  a: " + "[".repeat(5000) + "{fn::secret: x}" + "]".repeat(5000) + "\n";
    let result: string | Error;
    try {
      result = await encryptSecrets(deep, rot128);
    } catch (err) {
      result = err as Error;
    }
    if (result instanceof Error) {
      expect(result).toBeInstanceOf(SecretRewriteError);
    } else {
      expect(result).not.toContain("{fn::secret: x}");
    }
  });
});

describe("decryptSecrets", () => {
  it("reports invalid ciphertext with the reference's text", async () => {
    const err = await rejection(decryptSecrets("values:\n  password:\n    fn::secret:\n      ciphertext: hunter23\n", rot128));
    expect(err.message).toBe("invalid ciphertext at values.password: EOF");
  });

  it("quotes plaintext that would not read back as the same string", async () => {
    const values = ["true", "42", "", " padded ", "a: b", "# not a comment", "multi\nline", "tab\there", "null", "0x1F", "1_000", "-", "[x]", "{x}", "é", "'q'", '"dq"', "a,b", "\u0085\u2028", "back\\slash\\", "@at", "%pct", "*star", "&amp", "!bang", "|pipe", ">gt", "`tick", ".inf", "~"];
    for (const flow of [false, true]) {
      const src = values
        .map((v) => JSON.stringify(v).replace(/[\u0085\u2028]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`))
        .map((q, i) => (flow ? `k${i}: {fn::secret: ${q}}` : `k${i}:\n  fn::secret: ${q}`))
        .join("\n");
      const doc = `values:\n${src.replace(/^/gm, "  ")}\n`;
      const round = await decryptSecrets(await encryptSecrets(doc, padded), padded);
      const got = data(round)[0].values;
      values.forEach((v, i) => expect(got[`k${i}`]).toEqual({ "fn::secret": v }));
    }
  });
});

describe("property: encrypt then decrypt restores the data of any document", () => {
  const key = fc.constantFrom("a", "values", "fn::secret", "ciphertext", "b c", "x");
  const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null));
  const secret = fc.string({ maxLength: 20 }).map((s) => ({ "fn::secret": s }));
  const tree = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, scalar, secret, tie("obj"), tie("arr")),
    obj: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
    arr: fc.array(tie("node"), { maxLength: 4 }),
  }));
  const styles = fc.record({ flow: fc.boolean(), comments: fc.boolean() });

  it("holds for generated documents in block and flow style", async () => {
    await fc.assert(
      fc.asyncProperty(tree.obj, styles, async (values, { flow, comments }) => {
        const { stringify } = await import("yaml");
        let src = stringify({ values }, { collectionStyle: flow ? "flow" : "block", lineWidth: 0 });
        if (comments) src = src.replace(/\n/g, " # c\n");
        if (parseAllDocuments(src).some((d) => !Array.isArray(d) && d.errors.length > 0)) return; // comment injection broke a block scalar
        const before = data(src);
        const encrypted = await encryptSecrets(src, padded);
        const after = data(await decryptSecrets(encrypted, padded));
        expect(after).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });
});
