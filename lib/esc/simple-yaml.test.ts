// The fast decoder (simple-yaml.ts) must build exactly the tree the general decoder builds from
// the `yaml` package (values, kinds, source ranges, paths) whenever it accepts a document, and
// must give up on everything else. Checked on the conformance corpus, on hand-picked tricky
// documents, and on random documents assembled from YAML fragments.
import fc from "fast-check";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeSimpleYAML } from "./simple-yaml";
import { decodeWithYamlPackage } from "./syntax";

const CONFORMANCE = process.env.ESC_CONFORMANCE_DIR ?? path.resolve(__dirname, "../../../shared/conformance");

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (name.endsWith(".yaml")) out.push(p);
  }
  return out;
}

/** Decodes with both; returns whether the fast decoder accepted the document. */
function agree(source: string): boolean {
  const fast = decodeSimpleYAML("f", source);
  if (fast === undefined) return false;
  const general = decodeWithYamlPackage("f", source);
  expect(general.diags, `general decoder diagnostics for ${JSON.stringify(source)}`).toEqual([]);
  expect(fast, JSON.stringify(source)).toEqual(general.node);
  return true;
}

const accepted = [
  "values:\n  a: 1\n  b: two\n",
  "a:\nb: 1\n",
  "a: \nb:   # c\nc:\n  - x\n  - {k: v}\n",
  'a: [ ]\nb: {}\nc: [x, "y", {k: v}]\n',
  "a:\n- x\n- y\nb: 2\n",
  "# leading comment\n\nvalues:\n    deep:\n        x: 1 # trailing\n    # between\n    y: [1, 2.5, -3, 0x1f, true, null, ~]\n",
  "values:\n  url: http://example.com:8080/a#frag\n  s: 'it''s'\n  d: \"tab\\tnl\\n\\x41\\u00e9\\U0001F600 \\\"q\\\" \\\\\"\n",
  "values:\n  é: ünïcödé\n  wide: 日本語 ${a}\n  \"quoted key\": 1\n  'single key': 2\n",
  "imports:\n  - a\n  - b: {merge: false}\nvalues:\n  list:\n    - k: 1\n      j: 2\n    - [1]\n",
  'values:\n  a: "\\ud800"\n',
  "values:\n  x:\n  - a: 1\n    b:\n    - 1\n  - c\n  y: 1\n",
  'values:\n  k: {fn::secret: {ciphertext: ZXNjeAAAAAHo9e705fKyKo30VQ==}}\n  e: ${a.b[0]["c"]}\n',
  "values:\n  a: -x\n  b: a:b\n  c: x#y\n  d: 1e3\n  e: +12\n  f: 0o17\n  g: 010\n  h: 1_000\n  i: .5\n  j: .inf\n",
  "values:\n  a: 1\n  a: 2\n",
  "values: {a: 1}\n",
  "values:\n  a: b\n",
  "a: 1",
  "a:",
  "values:\n  a: ---\n  b: ...\n  c: 50%\n  d: x  y  \n  e: a\\b\n  f#: 1\n  g: 0x\n  h: .inf\n  '1': \"true\"\n",
  "values:\n  a:\n\n      \n    b: 1\n# column 0\n    c: 2\n  d: 3\n",
];

const givenUp = [
  "",
  "# only a comment\n",
  "---\nvalues: {}\n",
  "%YAML 1.2\n---\na: 1\n",
  "values:\n  a: &x 1\n  b: *x\n",
  "values:\n  a: !!str 1\n",
  "values:\n  a: |\n    text\n",
  "values:\n  a: >\n    text\n",
  "values:\n  a: multi\n    line\n",
  'values:\n  a: "multi\n    line"\n',
  "values:\n  a: [1,\n    2]\n",
  "values:\n\ta: 1\n",
  "values:\r\n  a: 1\r\n",
  "\ufeffvalues:\n  a: 1\n",
  "values:\n  a: b: c\n",
  "values:\n  a: b:\n",
  "values:\n  a : 1\n",
  "values:\n  1: x\n",
  "values:\n  true: x\n",
  "values:\n  ? complex\n  : x\n",
  "values:\n  a: [a, ]\n",
  "values:\n  a: {a}\n",
  "values:\n  a: {a:1}\n",
  "values:\n  a: [a: b]\n",
  'values:\n  a: "x" y\n',
  "values:\n  a: [x]y\n",
  "values:\n  a: 1\n   b: 2\n",
  "values:\n  a: 1\n b: 2\n",
  "- a\n- b\n",
  "  a: 1\n",
  "hello\n",
  'values:\n  a: "\\q"\n',
  'values:\n  a: "😀"\n',
  "values:\n  a:\n  - - 1\n",
  "values:\n  a: `x`\n",
  "values:\n  a:\n  -\n  - x\n",
  `values:\n  "${"k".repeat(2000)}": 1\n`,
  "values:\n  <<: {a: 1}\n",
];

describe("simple YAML decoder", () => {
  it("agrees with the general decoder on documents it accepts", () => {
    for (const doc of accepted) expect(agree(doc), JSON.stringify(doc)).toBe(true);
  });

  it("gives up on everything outside its subset", () => {
    for (const doc of givenUp) expect(decodeSimpleYAML("f", doc), JSON.stringify(doc)).toBeUndefined();
  });

  it.skipIf(!existsSync(CONFORMANCE))("agrees on every YAML file of the conformance corpus", () => {
    let n = 0;
    const files = yamlFiles(CONFORMANCE);
    for (const f of files) if (agree(readFileSync(f, "utf8"))) n++;
    // Most of the corpus is plain YAML; the rest (anchors, block scalars, errors…) is given up.
    expect(n).toBeGreaterThan(files.length / 2);
  });

  it("agrees on random documents built from YAML fragments", () => {
    // Mostly well-formed fragments, with a few that are errors or outside the subset.
    const rare = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: bad });
    const plain = rare(
      fc.constantFrom(
        "a",
        "b",
        "key",
        "fn::secret",
        "x.y",
        "a-b",
        "é",
        "日本",
        "${a}",
        "a:b",
        "x#y",
        "-x",
        "1",
        "0x1F",
        "true",
        "null",
        "~",
        "1.5",
        "1e3",
        "a b",
        "$${a}",
      ),
      fc.constantFrom("{a}", "[b]", "a: b", "&a x", "*a", "!t x", "|", "? x", "@x", "a #"),
    );
    const quoted = rare(
      fc.constantFrom(
        '"a"',
        "'a'",
        '"a b"',
        "'it''s'",
        '"\\n\\t\\u00e9"',
        '""',
        "''",
        '"a\\"b"',
        '"${a}"',
        '"\\x41"',
        "'\\'",
      ),
      fc.constantFrom('"\\x"', '"a', "'a", '"\\q"'),
    );
    const scalar = fc.oneof(plain, quoted);
    const key = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom(
          "a",
          "b",
          "key",
          "fn::secret",
          "x.y",
          "a-b",
          "é",
          "日本",
          "${a}",
          "a:b",
          "x#y",
          "a b",
        ),
      },
      { weight: 2, arbitrary: quoted },
      { weight: 1, arbitrary: plain },
    );
    const flowItem = fc.oneof(scalar, fc.constantFrom("[]", "{}", "[a, b]", "{a: b}", "{a: [1, 2]}"));
    const flow = fc.oneof(
      fc.array(flowItem, { maxLength: 4 }).map((xs) => `[${xs.join(", ")}]`),
      fc
        .array(fc.tuple(key, flowItem), { maxLength: 4 })
        .map((ps) => `{${ps.map(([k, v]) => `${k}: ${v}`).join(", ")}}`),
    );
    const space = fc.constantFrom("", " ", "  ");
    const comment = rare(fc.constantFrom("", " # c", "  #c: d", "", ""), fc.constant("#x"));
    const indentStep = fc.constantFrom(1, 2, 4);
    // A block collection as lines, given its indentation.
    const block = (depth: number): fc.Arbitrary<(indent: number) => string[]> => {
      const value: fc.Arbitrary<(indent: number) => string[] | string> =
        depth > 2
          ? fc.oneof(scalar, flow).map((v) => () => v)
          : fc.oneof(
              fc
                .oneof(
                  { weight: 8, arbitrary: fc.oneof(scalar, flow) },
                  { weight: 1, arbitrary: fc.constant("") },
                )
                .map((v) => () => v),
              fc.tuple(block(depth + 1), indentStep, fc.boolean()).map(
                ([b, step, same]) =>
                  (indent: number) =>
                    b(same ? indent : indent + step),
              ),
            );
      const entry = fc.tuple(key, space, value, comment);
      const item = fc.tuple(value, comment, fc.boolean());
      const map = fc.array(entry, { minLength: 1, maxLength: 4 }).map((es) => (indent: number) => {
        const pad = " ".repeat(indent);
        const lines: string[] = [];
        for (const [k, sp, v, c] of es) {
          const r = v(indent);
          if (typeof r === "string") lines.push(`${pad}${k}:${r === "" ? "" : " " + sp}${r}${c}`);
          else lines.push(`${pad}${k}:${c}`, ...r);
        }
        return lines;
      });
      const seq = fc.array(item, { minLength: 1, maxLength: 4 }).map((is) => (indent: number) => {
        const pad = " ".repeat(indent);
        const lines: string[] = [];
        for (const [v, c, blank] of is) {
          const r = v(indent + 2);
          if (typeof r === "string") lines.push(`${pad}- ${r}${c}`);
          else if (r.length > 0) lines.push(`${pad}- ${r[0].trimStart()}`, ...r.slice(1));
          if (blank) lines.push("");
        }
        return lines;
      });
      return depth === 0 ? map : fc.oneof(map, seq);
    };
    const doc = fc
      .tuple(block(0), fc.constantFrom("\n", "", "\n\n"))
      .map(([b, end]) => b(0).join("\n") + end);
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(doc, (d) => {
        total++;
        if (agree(d)) accepted++;
        else if (process.env.SHOW_REFUSED && total % 50 === 0) console.log(JSON.stringify(d));
      }),
      { numRuns: Number(process.env.SIMPLE_YAML_RUNS ?? 3000) },
    );
    // The generator must exercise the fast path, not only its refusals.
    if (process.env.SHOW_REFUSED) console.log(`accepted ${accepted} of ${total}`);
    expect(accepted).toBeGreaterThan(total / 5);
  });
});
