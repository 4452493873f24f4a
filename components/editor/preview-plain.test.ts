import { describe, expect, it } from "vitest";
import type { PreviewNode } from "./preview-types";
import { pathKey, plainToText, previewToPlain } from "./preview-plain";

const tree: PreviewNode = {
  t: "object",
  entries: [
    ["name", { t: "string", v: "web" }],
    ["port", { t: "number", v: "8080" }],
    ["big", { t: "number", v: "123456789012345678901234567890" }],
    ["on", { t: "bool", v: true }],
    ["none", { t: "null" }],
    ["pw", { t: "secret" }],
    ["list", { t: "array", items: [{ t: "secret" }, { t: "unknown" }] }],
  ],
};

describe("the preview as plain JSON for the JSON/YAML views", () => {
  it("masks secrets and unknowns with the CLI's words, keeping the definition's order", () => {
    expect(previewToPlain(tree, new Map())).toEqual({
      name: "web",
      port: 8080,
      big: "123456789012345678901234567890", // would lose digits as a number
      on: true,
      none: null,
      pw: "[secret]",
      list: ["[secret]", "[unknown]"],
    });
    expect(Object.keys(previewToPlain(tree, new Map()) as object)[0]).toBe("name");
  });

  it("shows a revealed value at its own path only", () => {
    const revealed = new Map([[pathKey(["list", 0]), "shown"]]);
    const plain = previewToPlain(tree, revealed) as { pw: string; list: string[] };
    expect(plain.list[0]).toBe("shown");
    expect(plain.pw).toBe("[secret]");
  });

  it("writes revealed values as an environment variable holds them", () => {
    expect(plainToText("x")).toBe("x");
    expect(plainToText(3)).toBe("3");
    expect(plainToText(null)).toBe("");
    expect(plainToText({ a: 1 })).toBe('{"a":1}');
  });

  it("keys paths unambiguously", () => {
    expect(pathKey(["a.b"])).not.toBe(pathKey(["a", "b"]));
    expect(pathKey(["0"])).not.toBe(pathKey([0]));
  });
});
