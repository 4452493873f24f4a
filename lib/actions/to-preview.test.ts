import { describe, expect, it } from "vitest";
import type { Diagnostic, Value } from "@/lib/esc/contract";
import { MAX_PREVIEW_NODES, toPreview } from "./to-preview";
import { safeReturnPath } from "./return-path";
import { sentence } from "./sentence";

const pos = (line: number, column: number) => ({ line, column, byte: 0 });
const trace = { def: { begin: pos(1, 1), end: pos(1, 1) } };
const v = (value: Value["value"], extra: Partial<Value> = {}): Value => ({ value, trace, ...extra });

describe("toPreview", () => {
  it("keeps plain values and masks secrets so their plaintext never reaches the browser", () => {
    const result = toPreview(
      {
        app: v({ name: v("web"), port: v(8080), debug: v(false), nothing: v(null), list: v([v("a"), v(1)]) }),
        password: v("hunter2", { secret: true }),
        token: v(undefined, { unknown: true }),
      },
      [],
      "default/dev",
    );
    expect(result.truncated).toBe(false);
    expect(result.values).toEqual({
      t: "object",
      entries: [
        [
          "app",
          {
            t: "object",
            entries: [
              ["name", { t: "string", v: "web" }],
              ["port", { t: "number", v: "8080" }],
              ["debug", { t: "bool", v: false }],
              ["nothing", { t: "null" }],
              ["list", { t: "array", items: [{ t: "string", v: "a" }, { t: "number", v: "1" }] }],
            ],
          },
        ],
        ["password", { t: "secret" }],
        ["token", { t: "unknown" }],
      ],
    });
    expect(JSON.stringify(result)).not.toContain("hunter2");
  });

  it("masks a whole subtree marked secret and a secret inside an array", () => {
    const result = toPreview({ creds: v({ key: v("k") }, { secret: true }), xs: v([v("s3cr3t", { secret: true })]) }, [], "p/e");
    expect(JSON.stringify(result)).not.toContain("s3cr3t");
    expect(result.values).toEqual({ t: "object", entries: [["creds", { t: "secret" }], ["xs", { t: "array", items: [{ t: "secret" }] }]] });
  });

  it("projects environment variables and files with secrets and unknowns sent without their text", () => {
    const result = toPreview(
      {
        environmentVariables: v({
          PLAIN: v("value"),
          PW: v("pr0jected-secret", { secret: true }),
          LATER: v(undefined, { unknown: true }),
          NESTED: v({ no: v("containers") }),
        }),
        files: v({ CONF: v("a=1\n") }),
      },
      [],
      "p/e",
    );
    expect(result.projection).toEqual({
      variables: [
        { name: "LATER", secret: false, unknown: true },
        { name: "PLAIN", text: "value", secret: false, unknown: false },
        { name: "PW", secret: true, unknown: false },
      ],
      files: [{ name: "CONF", text: "a=1\n", secret: false, unknown: false }],
    });
    expect(JSON.stringify(result)).not.toContain("pr0jected-secret");
  });

  it("cuts huge documents at the node limit and says so", () => {
    const many: Record<string, Value> = {};
    for (let i = 0; i < MAX_PREVIEW_NODES + 100; i++) many[`k${i}`] = v(i);
    const result = toPreview({ big: v(many) }, [], "p/e");
    expect(result.truncated).toBe(true);
    const big = result.values.t === "object" ? result.values.entries[0]![1] : null;
    expect(big?.t === "object" && big.entries.length).toBeLessThan(MAX_PREVIEW_NODES);
  });

  it("converts diagnostics to Monaco ranges, widening empty ranges and dropping other environments' ranges", () => {
    const diagnostics: Diagnostic[] = [
      { severity: "error", summary: 'unknown property "bad_ref"', range: { environment: "default/dev", begin: pos(2, 6), end: pos(2, 16) }, path: "values.a" },
      { severity: "warning", summary: "empty", range: { begin: pos(3, 4), end: pos(3, 4) } },
      { severity: "error", summary: "in an import", range: { environment: "default/base", begin: pos(1, 1), end: pos(1, 2) } },
    ];
    const result = toPreview(undefined, diagnostics, "default/dev");
    expect(result.diagnostics).toEqual([
      { severity: "error", summary: 'unknown property "bad_ref"', path: "values.a", range: { startLine: 2, startColumn: 6, endLine: 2, endColumn: 16 } },
      { severity: "warning", summary: "empty", range: { startLine: 3, startColumn: 4, endLine: 3, endColumn: 5 } },
      { severity: "error", summary: "in an import" },
    ]);
  });
});

describe("safeReturnPath", () => {
  it("follows same-site paths only", () => {
    expect(safeReturnPath("/acme/environments")).toBe("/acme/environments");
    expect(safeReturnPath("//evil.example/x")).toBe("/");
    expect(safeReturnPath("/\\evil.example")).toBe("/");
    expect(safeReturnPath("https://evil.example")).toBe("/");
    expect(safeReturnPath(undefined)).toBe("/");
  });
});

describe("sentence", () => {
  it("turns service messages into sentences", () => {
    expect(sentence("environment name must not be empty")).toBe("Environment name must not be empty.");
    expect(sentence("Already a sentence.")).toBe("Already a sentence.");
  });
});
