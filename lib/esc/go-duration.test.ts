import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatGoDuration, parseGoDuration } from "./go-duration";

describe("parseGoDuration", () => {
  it("parses the forms the CLI, providers and people send, in milliseconds", () => {
    expect(parseGoDuration("2h0m0s")).toBe(7_200_000);
    expect(parseGoDuration("2h")).toBe(7_200_000);
    expect(parseGoDuration("1h30m")).toBe(5_400_000);
    expect(parseGoDuration("1.5h")).toBe(5_400_000);
    expect(parseGoDuration("15m")).toBe(900_000);
    expect(parseGoDuration("90s")).toBe(90_000);
    expect(parseGoDuration("250ms")).toBe(250);
    expect(parseGoDuration("500us")).toBe(0.5);
    expect(parseGoDuration("500µs")).toBe(0.5);
    expect(parseGoDuration(".5s")).toBe(500);
    expect(parseGoDuration(" 1m ")).toBe(60_000);
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration("-0")).toBe(0);
    expect(parseGoDuration("-5m")).toBe(-300_000);
    expect(parseGoDuration("+5m")).toBe(300_000);
  });

  it("rejects what Go rejects, with a clear, bounded message", () => {
    for (const bad of [
      "",
      " ",
      "2",
      "h",
      "-",
      "+",
      "2x",
      "2hh",
      "1h 30m",
      "abc",
      "1e3s",
      "--1s",
      "1s-",
      "9".repeat(100) + "s",
      "3000000h",
    ]) {
      expect(() => parseGoDuration(bad)).toThrow(/invalid duration/);
    }
    const message = (() => {
      try {
        parseGoDuration("x".repeat(10_000));
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message!.length).toBeLessThan(200);
  });

  it("never throws anything but a clear Error on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        try {
          expect(Number.isFinite(parseGoDuration(s))).toBe(true);
        } catch (err) {
          expect((err as Error).message).toMatch(/^invalid duration/);
        }
      }),
    );
  });
});

describe("formatGoDuration", () => {
  it("formats like Go's Duration.String", () => {
    expect(formatGoDuration(7_200_000)).toBe("2h0m0s");
    expect(formatGoDuration(5_400_000)).toBe("1h30m0s");
    expect(formatGoDuration(90_000)).toBe("1m30s");
    expect(formatGoDuration(45_000)).toBe("45s");
    expect(formatGoDuration(1500)).toBe("1.5s");
    expect(formatGoDuration(500)).toBe("500ms");
    expect(formatGoDuration(0.5)).toBe("500µs");
    expect(formatGoDuration(0.000_001)).toBe("1ns");
    expect(formatGoDuration(0)).toBe("0s");
    expect(formatGoDuration(-60_000)).toBe("-1m0s");
    expect(() => formatGoDuration(Number.NaN)).toThrow(/not finite/);
  });

  it("round-trips through parse", () => {
    expect(formatGoDuration(parseGoDuration("2h0m0s"))).toBe("2h0m0s");
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ms) => {
        expect(parseGoDuration(formatGoDuration(ms))).toBeCloseTo(ms, 3);
      }),
    );
  });
});
