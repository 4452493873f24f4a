import { describe, expect, it } from "vitest";
import type { Value } from "./types";
import { collectSecrets, interpolateArg } from "./values";

const t = { def: { begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } } };
const v = (value: Value["value"], extra: Partial<Value> = {}): Value => ({ value, trace: t, ...extra });

describe("values", () => {
  it("collects secrets anywhere in the tree", () => {
    const props = v({
      a: v([v("one"), v("two", { secret: true })]),
      b: v({ c: v("three", { secret: true }) }),
    });
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
