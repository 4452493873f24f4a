import { describe, expect, it } from "vitest";
import { parseGoDuration } from "./duration";

describe("parseGoDuration", () => {
  it("parses the forms the CLI and people send", () => {
    expect(parseGoDuration("2h0m0s")).toBe(7_200_000);
    expect(parseGoDuration("1h30m")).toBe(5_400_000);
    expect(parseGoDuration("90s")).toBe(90_000);
    expect(parseGoDuration("1.5h")).toBe(5_400_000);
    expect(parseGoDuration("250ms")).toBe(250);
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration("-5m")).toBe(-300_000);
  });

  it("rejects what Go rejects, with a clear message", () => {
    for (const bad of ["", "2", "h", "2x", "1h 30m", "abc", "1e3s", "9".repeat(100) + "s"]) {
      expect(() => parseGoDuration(bad)).toThrow(/invalid duration/);
    }
  });
});
