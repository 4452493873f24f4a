// The YAML layer: scalar typing as yaml.v3 does it and the reference's range quirks
// (SEMANTICS §1.1, §9.3), plus the interpolation grammar (§3).
import { describe, expect, it } from "vitest";
import { decodeYAML, resolvePlain, type ObjectNode, type StringNode } from "./syntax";
import { parseInterpolation } from "./interpolation";

const value = (yaml: string) => {
  const { node } = decodeYAML("t", yaml);
  return (node as ObjectNode).entries[0].value;
};

describe("scalar typing", () => {
  it("follows yaml.v3's core resolver", () => {
    const r = (s: string) => {
      const v = resolvePlain(s);
      return v === null || typeof v === "boolean" || v === undefined ? v : v.text;
    };
    expect([r(""), r("~"), r("Null"), r("NULL")]).toEqual([null, null, null, null]);
    expect([r("True"), r("FALSE"), r("yes"), r("on")]).toEqual([true, false, undefined, undefined]);
    expect([r("0x1F"), r("0o17"), r("017"), r("0b101"), r("1_000"), r("-42")]).toEqual([
      "31",
      "15",
      "15",
      "5",
      "1000",
      "-42",
    ]);
    expect([r("3.14"), r("1.0"), r("1e21"), r(".5")]).toEqual(["3.14", "1", "1e+21", "0.5"]);
    // uint64 range stays exact; beyond it yaml.v3 falls back to a float.
    expect(r("18446744073709551615")).toBe("18446744073709551615");
    expect(Number(r("18446744073709551616"))).toBe(18446744073709551616);
    expect([r("2023-01-01"), r("1.2.3")]).toEqual([undefined, undefined]);
  });

  it("keeps quoted and tagged scalars as strings", () => {
    expect(value('a: "42"\n')).toMatchObject({ kind: "string", value: "42" });
    expect(value("a: !tag 42\n")).toMatchObject({ kind: "string", value: "42" });
  });
});

describe("ranges", () => {
  it("reports byte 0 for positions on the last line of a file without a trailing newline", () => {
    expect(value("a: xyz").range).toEqual({
      environment: "t",
      begin: { line: 1, column: 4, byte: 0 },
      end: { line: 1, column: 7, byte: 0 },
    });
    expect(value("a: xyz\n").range?.begin.byte).toBe(3);
  });

  it("ends quoted scalars at start + decoded length", () => {
    expect(value('a: "x\\ty"\n').range?.end).toEqual({ line: 1, column: 7, byte: 6 });
  });

  it("counts columns in code points and skews bytes by display width on wide lines", () => {
    const r = value("世界: ab\n").range!;
    expect(r.begin.column).toBe(5);
    // The true offset of "ab" is 8; walking wide clusters (width 2) reaches column 5 after
    // two characters, so the reference reports 6.
    expect(r.begin.byte).toBe(6);
  });

  it("starts tagged scalars at the tag and adds the tag to the end column", () => {
    expect(value("a: !t xy\n").range).toMatchObject({ begin: { column: 4 }, end: { column: 4 + 2 + 3 } });
  });

  it("ends literal block scalars on their last line", () => {
    expect(value("a: |\n  one\n  two\n").range).toMatchObject({
      begin: { line: 1, column: 4 },
      end: { line: 3, column: 4 },
    });
  });
});

describe("interpolation grammar", () => {
  const parse = (s: string) => {
    const node: StringNode = {
      kind: "string",
      value: s,
      plain: true,
      path: "p",
      range: {
        environment: "t",
        begin: { line: 1, column: 1, byte: 0 },
        end: { line: 1, column: 1 + s.length, byte: s.length },
      },
    };
    return parseInterpolation(node);
  };

  it("parses names, quoted keys and indices", () => {
    const { parts, diags } = parse('x ${a.b["c.d"][2]["q\\"t"]} y');
    expect(diags).toEqual([]);
    expect(parts[0].text).toBe("x ");
    expect(parts[0].value?.accessors.map((a) => (a.kind === "name" ? a.name : a.index))).toEqual([
      "a",
      "b",
      "c.d",
      2,
      'q"t',
    ]);
    expect(parts[0].value?.accessors[1].range?.begin.column).toBe(6);
    expect(parts[1]).toEqual({ text: " y" });
  });

  it("reports malformed accesses with the reference's messages", () => {
    const msgs = (s: string) => parse(s).diags.map((d) => d.summary);
    expect(msgs("${[2]}")).toEqual([
      "the first accessor must be a property name or key subscript, not a numeric subscript",
    ]);
    expect(msgs('${a[""]}')).toEqual(["key subscript must not be empty"]);
    expect(msgs("${a[x]}")).toEqual(["numeric subscript must be a positive base-10 integer"]);
    expect(msgs("${a b}")).toEqual(["missing closing brace '}' in interpolation"]);
    expect(msgs("${}")).toEqual([]);
  });
});

describe("YAML syntax errors", () => {
  it("use yaml.v3's wording for common mistakes, with a line number", () => {
    const summary = (yaml: string) => decodeYAML("t", yaml).diags.map((d) => d.summary);
    expect(summary("values:\n  list: [a, b\n")).toEqual(["yaml: line 2: did not find expected ',' or ']'"]);
    expect(summary("values:\n  a: b: c\n")).toEqual([
      "yaml: line 2: mapping values are not allowed in this context",
    ]);
    expect(summary("values:\n\ta: 1\n")).toEqual([
      "yaml: line 2: found character that cannot start any token",
    ]);
  });
});
