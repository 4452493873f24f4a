import { describe, expect, it } from "vitest";
import type { Value } from "./contract";
import { dotenvLine } from "./env-quoting";
import { lookup, project, toPlain, valueToString } from "./projection";

const t = { def: { begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } } };
const v = (value: Value["value"], extra: Partial<Value> = {}): Value => ({ value, trace: t, ...extra });

describe("projection of evaluated values (shared by the CLI and the console)", () => {
  it("ToString follows the reference (Go-quoted containers, sorted keys, null as empty)", () => {
    expect(valueToString(v([v("hello"), v("world")]))).toBe('"hello","world"');
    expect(valueToString(v({ hello: v("world"), goodbye: v("all") }))).toBe(
      '"goodbye"="all","hello"="world"',
    );
    expect(valueToString(v(null))).toBe("");
    expect(valueToString(v(3.14))).toBe("3.14");
    expect(valueToString(v(false))).toBe("false");
    expect(valueToString(v("x", { secret: true }), true)).toBe("[secret]");
    expect(valueToString(v("x", { secret: true }))).toBe("x");
    expect(valueToString(v(undefined, { unknown: true }))).toBe("[unknown]");
    // Go's strconv.Quote inside containers: controls escaped the way Go writes them.
    expect(valueToString(v([v('a"b\\c\n\x07')]))).toBe('"a\\"b\\\\c\\n\\a"');
  });

  it("orders keys by UTF-8 bytes, not UTF-16 code units", () => {
    // U+FF5E sorts before U+1F600 in UTF-8 but after it in UTF-16 code units.
    const props = { environmentVariables: v({ "\u{1F600}": v("emoji"), "\uFF5E": v("wide"), Z: v("z") }) };
    expect(project(props).variables.map((e) => e.name)).toEqual(["Z", "\uFF5E", "\u{1F600}"]);
    expect(valueToString(v({ "\u{1F600}": v("1"), "\uFF5E": v("2") }))).toBe('"\uFF5E"="2","\u{1F600}"="1"');
  });

  it("projects scalar environmentVariables and files, sorted, skipping containers, flags kept", () => {
    const props = {
      environmentVariables: v({
        B: v(true),
        A: v(1),
        OBJ: v({ x: v(1) }),
        LIST: v([v(1)]),
        S: v("s", { secret: true }),
        U: v(undefined, { unknown: true }),
        N: v(null),
      }),
      files: v({ F: v("content") }),
    };
    expect(project(props)).toEqual({
      variables: [
        { name: "A", text: "1", secret: false, unknown: false },
        { name: "B", text: "true", secret: false, unknown: false },
        { name: "N", text: "", secret: false, unknown: false },
        { name: "S", text: "s", secret: true, unknown: false },
        { name: "U", text: "[unknown]", secret: false, unknown: true },
      ],
      files: [{ name: "F", text: "content", secret: false, unknown: false }],
    });
  });

  it("projects nothing when the keys are missing or not objects", () => {
    expect(project(undefined)).toEqual({ variables: [], files: [] });
    expect(project({ environmentVariables: v("not an object"), files: v([v("x")]) })).toEqual({
      variables: [],
      files: [],
    });
  });

  it("ToJSON masks secrets only when redacting and always marks unknowns", () => {
    const tree = v({ b: v("pw", { secret: true }), a: v([v(undefined, { unknown: true }), v(2)]) });
    expect(toPlain(tree, true)).toEqual({ a: ["[unknown]", 2], b: "[secret]" });
    expect(toPlain(tree, false)).toEqual({ a: ["[unknown]", 2], b: "pw" });
    expect(Object.keys(toPlain(tree, false) as object)).toEqual(["a", "b"]);
  });

  it("looks paths up through objects and arrays, and only own keys", () => {
    const props = { a: v({ b: v([v("x"), v("y")]) }) };
    expect(lookup(props, ["a", "b", 1])?.value).toBe("y");
    expect(lookup(props, ["a", "b", 2])).toBeUndefined();
    expect(lookup(props, ["a", "toString"])).toBeUndefined();
    expect(lookup(props, ["a", 0])).toBeUndefined();
    expect(lookup(props, [])?.value).toBe(props);
  });

  it("a projected value quotes into a dotenv line that decodes back", () => {
    const [entry] = project({
      environmentVariables: v({ PEM: v('-----BEGIN-----\nab"c\\\n-----END-----') }),
    }).variables;
    expect(dotenvLine(entry.name, entry.text)).toBe('PEM="-----BEGIN-----\\nab\\"c\\\\\\n-----END-----"');
  });
});
