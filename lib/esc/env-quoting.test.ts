import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { dotenvLine, isPortableName, shellLine } from "./env-quoting";

describe("dotenv and shell lines", () => {
  it("quote like the reference for ordinary values", () => {
    expect(dotenvLine("OBJECT", '{"hello":"world"}')).toBe('OBJECT="{\\"hello\\":\\"world\\"}"');
    expect(shellLine("FOO", "bar")).toBe('export FOO="bar"');
  });

  it("escape line breaks in dotenv values", () => {
    expect(dotenvLine("A", "x\ny\r\\")).toBe('A="x\\ny\\r\\\\"');
  });

  it("round-trip any value through a real POSIX shell without running anything", () => {
    const values = ["plain", 'quo"te', "dollar $HOME and $(touch /tmp/esc-pwned)", "back`tick`", "back\\slash", "multi\nline", "ünï ✓", ""];
    for (const v of values) {
      const out = execFileSync("sh", ["-c", `${shellLine("V", v)}; printf %s "$V"`], { encoding: "utf8" });
      expect(out).toBe(v);
    }
  });

  it("accepts only portable variable names", () => {
    expect(isPortableName("AWS_REGION")).toBe(true);
    expect(isPortableName("_x1")).toBe(true);
    expect(isPortableName("1X")).toBe(false);
    expect(isPortableName("a;rm -rf /")).toBe(false);
  });
});
