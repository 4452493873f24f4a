import { describe, expect, it } from "vitest";
import { json, toBlockYaml, yamlResponse } from "./responses";

describe("toBlockYaml", () => {
  it("leaves block-style definitions as they are", () => {
    for (const text of [
      "values:\n  a: 1\n",
      "imports:\n  - p/e\n",
      "name: x\n",
      "# a comment\n",
      "",
      "\ufeff{}",
    ])
      expect(toBlockYaml(text)).toBe(text);
  });

  it("re-emits a definition that is also JSON in block style, so clients do not take it for JSON", () => {
    expect(toBlockYaml('{"values":{"a":1}}')).toBe("values:\n  a: 1\n");
    expect(toBlockYaml(' \n\t{"values": {"a": [1, 2]}}')).toBe("values:\n  a:\n    - 1\n    - 2\n");
    expect(toBlockYaml("{}")).toBe("---\n{}\n");
    expect(toBlockYaml("true")).toBe("---\ntrue\n");
    expect(toBlockYaml("-1")).toBe("---\n-1\n");
  });
});

describe("responses", () => {
  it("carry their body both as a stream and as text", async () => {
    const res = json({ a: 1 }, 201);
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ a: 1 });
    expect(await yamlResponse('{"values":{"a":"b"}}').text()).toBe("values:\n  a: b\n");
  });
});
