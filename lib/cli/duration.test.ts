import { describe, expect, it } from "vitest";
import { formatGoDuration, parseGoDuration } from "./duration";

describe("Go durations", () => {
  it("format like Go's Duration.String", () => {
    expect(formatGoDuration(2 * 3600e9)).toBe("2h0m0s");
    expect(formatGoDuration(90 * 60e9)).toBe("1h30m0s");
    expect(formatGoDuration(90e9)).toBe("1m30s");
    expect(formatGoDuration(45e9)).toBe("45s");
    expect(formatGoDuration(1.5e9)).toBe("1.5s");
    expect(formatGoDuration(500e6)).toBe("500ms");
    expect(formatGoDuration(0)).toBe("0s");
    expect(formatGoDuration(-60e9)).toBe("-1m0s");
  });

  it("parse Go syntax, including fractions and compound forms", () => {
    expect(parseGoDuration("2h")).toBe(2 * 3600e9);
    expect(parseGoDuration("1h30m")).toBe(90 * 60e9);
    expect(parseGoDuration("1.5h")).toBe(90 * 60e9);
    expect(parseGoDuration("15m")).toBe(15 * 60e9);
    expect(parseGoDuration("0")).toBe(0);
    expect(formatGoDuration(parseGoDuration("2h0m0s"))).toBe("2h0m0s");
  });

  it("reject anything else", () => {
    for (const bad of ["", "2", "h", "2x", "1h 30m", "-", "2hh"]) expect(() => parseGoDuration(bad)).toThrow(/invalid duration/);
  });
});
