import { describe, expect, it } from "vitest";
import type { Value } from "./types";
import { collectSecrets, interpolateArg, project, valueToString } from "./values";

const t = { def: { begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } } };
const v = (value: Value["value"], extra: Partial<Value> = {}): Value => ({ value, trace: t, ...extra });

describe("values", () => {
  it("ToString follows the reference (Go-quoted containers, sorted keys, null as empty)", () => {
    expect(valueToString(v([v("hello"), v("world")]))).toBe('"hello","world"');
    expect(valueToString(v({ hello: v("world"), goodbye: v("all") }))).toBe('"goodbye"="all","hello"="world"');
    expect(valueToString(v(null))).toBe("");
    expect(valueToString(v(3.14))).toBe("3.14");
    expect(valueToString(v("x", { secret: true }), true)).toBe("[secret]");
    expect(valueToString(v(undefined, { unknown: true }))).toBe("[unknown]");
  });

  it("projects scalar environmentVariables and files, sorted, skipping containers", () => {
    const props = {
      environmentVariables: v({ B: v(true), A: v(1), OBJ: v({ x: v(1) }), S: v("s", { secret: true }) }),
      files: v({ F: v("content") }),
    };
    expect(project(props)).toEqual({
      variables: [
        { name: "A", value: "1", secret: false },
        { name: "B", value: "true", secret: false },
        { name: "S", value: "s", secret: true },
      ],
      files: [{ name: "F", content: "content", secret: false }],
    });
  });

  it("collects secrets anywhere in the tree", () => {
    const props = v({ a: v([v("one"), v("two", { secret: true })]), b: v({ c: v("three", { secret: true }) }) });
    expect([...collectSecrets(props)].sort()).toEqual(["three", "two"]);
  });

  it("interpolates ${path} in arguments, with $${ as an escape", () => {
    const secrets = new Set<string>();
    const props = { a: v({ b: v([v("x"), v("pw", { secret: true })]) }) };
    expect(interpolateArg("v=${a.b[0]} s=${a.b[1]} lit=$${a}", props, secrets)).toBe("v=x s=pw lit=${a}");
    expect(secrets.has("pw")).toBe(true);
    expect(() => interpolateArg("${missing}", props, secrets)).toThrow(/unknown property "missing"/);
    expect(() => interpolateArg("${a", props, secrets)).toThrow(/unterminated/);
  });
});
