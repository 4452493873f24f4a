import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPropertyPath, parsePropertyPath, PropertyPathError } from "./property-path";

describe("parsePropertyPath", () => {
  it.each([
    ["root", ["root"]],
    ["root.nested", ["root", "nested"]],
    ['root["nested"]', ["root", "nested"]],
    ["root.array[0].nested", ["root", "array", 0, "nested"]],
    ["root.array[100]", ["root", "array", 100]],
    ['root["key with \\"escaped\\" quotes"]', ["root", 'key with "escaped" quotes']],
    ['root["key with a ."]', ["root", "key with a ."]],
    ['["root key"][100]', ["root key", 100]],
    ["[0].a", [0, "a"]],
    ['a[""]', ["a", ""]],
    // names are permissive like the reference: anything but '.' and '['
    ["foo-bar.aws:region.世界.34", ["foo-bar", "aws:region", "世界", "34"]],
    ['a["back\\slash"]', ["a", "back\\slash"]],
    // the rotation paths of the conformance corpus (eval/rotate-paths/overrides.json)
    ['examples["subscript-path"][0]', ["examples", "subscript-path", 0]],
    ['examples.deeply.nested[0]["quoted \\"property\\""].path', ["examples", "deeply", "nested", 0, 'quoted "property"', "path"]],
    ['examples.embedded-in-another-fn["fn::open::test"].some-input', ["examples", "embedded-in-another-fn", "fn::open::test", "some-input"]],
    // yaml-encoding/edit/many
    ['["deeply.nested"].path.with.an["\\"array[]\\""][0]', ["deeply.nested", "path", "with", "an", '"array[]"', 0]],
  ])("parses %s", (input, expected) => {
    expect(parsePropertyPath(input)).toEqual(expected);
  });

  it.each([
    ["", /empty/],
    [".a", /must start with/],
    ["a.", /property name after '\.'/],
    ["a..b", /property name after '\.'/],
    ["a.[0]", /property name after '\.'/],
    ['a["b', /missing closing quote/],
    ['a["b"', /missing closing bracket in property access/],
    ['a["b"x]', /missing closing bracket in property access/],
    ["a[0", /missing closing bracket in array index/],
    ["a[-1]", /non-negative base-10 integer/],
    ["a[+1]", /non-negative base-10 integer/],
    ["a[x]", /non-negative base-10 integer/],
    ["a[*]", /non-negative base-10 integer/],
    ["a[ 1]", /non-negative base-10 integer/],
    ["a[99999999999999999999]", /too large/],
    ["a[0]b", /expected '\.' or '\['/],
  ])("rejects %s with a clear message", (input, message) => {
    expect(() => parsePropertyPath(input)).toThrow(PropertyPathError);
    expect(() => parsePropertyPath(input)).toThrow(message);
  });

  it("bounds the echoed input in error messages", () => {
    const long = "a".repeat(100_000) + "[";
    let message = "";
    try {
      parsePropertyPath(long);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/missing closing bracket/);
    expect(message.length).toBeLessThan(300);
  });

  it("handles a very long path quickly", () => {
    const parts = Array.from({ length: 50_000 }, (_, i) => (i % 2 ? i : `k${i}`));
    const start = performance.now();
    expect(parsePropertyPath(formatPropertyPath(parts))).toEqual(parts);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe("formatPropertyPath", () => {
  it("writes the canonical form", () => {
    expect(formatPropertyPath(["values", "a", 0, "b_c"])).toBe("values.a[0].b_c");
    expect(formatPropertyPath(["fn::secret"])).toBe('["fn::secret"]');
    expect(formatPropertyPath(["values", "missing-provider", "fn::open", "provider"])).toBe(
      'values["missing-provider"]["fn::open"].provider',
    );
    expect(formatPropertyPath(["a", 'quoted "property"'])).toBe('a["quoted \\"property\\""]');
    expect(formatPropertyPath(["a", "", "1x", "x1", "$x"])).toBe('a[""]["1x"].x1["$x"]');
    expect(formatPropertyPath([])).toBe("");
  });

  it("canonicalises the corpus rotation paths like the reference", () => {
    const canon = (p: string) => formatPropertyPath(parsePropertyPath(p));
    expect(canon('examples.deeply.nested[0]["quoted \\"property\\""].path')).toBe(
      'examples.deeply.nested[0]["quoted \\"property\\""].path',
    );
    expect(canon('examples.embedded-in-another-fn["fn::open::test"].some-input')).toBe(
      'examples["embedded-in-another-fn"]["fn::open::test"]["some-input"]',
    );
    expect(canon('a["b"]["0"]')).toBe('a.b["0"]');
  });

  it("rejects invalid indices", () => {
    expect(() => formatPropertyPath(["a", -1])).toThrow(PropertyPathError);
    expect(() => formatPropertyPath(["a", 1.5])).toThrow(PropertyPathError);
  });

  it("round-trips any path whose keys do not end in a backslash", () => {
    const key = fc.string({ unit: fc.constantFrom("a", "Z", "_", "0", ".", "[", "]", '"', "\\", " ", "é", "😀", "$", "-") });
    const part = fc.oneof(key.filter((k) => !k.endsWith("\\")), fc.nat({ max: 1_000_000 }));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 8 }), (parts) => {
        expect(parsePropertyPath(formatPropertyPath(parts))).toEqual(parts);
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws anything but a PropertyPathError on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "1", ".", "[", "]", '"', "\\", "-", " ") }), (s) => {
        try {
          parsePropertyPath(s);
        } catch (err) {
          expect(err).toBeInstanceOf(PropertyPathError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
