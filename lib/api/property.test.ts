import { describe, expect, it } from "vitest";
import type { Value } from "@/lib/esc/contract";
import { selectProperty } from "./property";

const zero = { line: 0, column: 0, byte: 0 };
const v = (value: Value["value"], secret?: boolean): Value => ({
  value,
  ...(secret ? { secret } : {}),
  trace: { def: { begin: zero, end: zero } },
});

const props: Record<string, Value> = {
  a: v({ b: v([v("x"), v({ "k.y": v("deep", true) })]) }),
  n: v(null),
};

describe("selectProperty", () => {
  it("walks keys, indices and quoted keys", () => {
    expect(selectProperty(props, "a.b[0]").value).toBe("x");
    expect(selectProperty(props, 'a.b[1]["k.y"]')).toMatchObject({ value: "deep", secret: true });
    expect(selectProperty(props, "n").value).toBeNull();
  });

  it("answers 404 for missing properties and 400 for bad syntax", () => {
    for (const missing of ["zz", "a.c", "a.b[5]", "a.b.x", "n.x", "a[0]"]) {
      expect(() => selectProperty(props, missing)).toThrow(expect.objectContaining({ status: 404 }));
    }
    expect(() => selectProperty(undefined, "a")).toThrow(expect.objectContaining({ status: 404 }));
    for (const bad of ["a..b", "a[", '["unterminated']) {
      expect(() => selectProperty(props, bad)).toThrow(expect.objectContaining({ status: 400 }));
    }
    expect(() => selectProperty(props, "__proto__")).toThrow(expect.objectContaining({ status: 404 }));
  });
});
