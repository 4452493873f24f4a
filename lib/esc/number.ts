// Numbers keep their decimal text, like Go's json.Number: `3.14` stays `3.14` and large integers
// stay exact. They become JS numbers only when exported through the public Value shape.

export class GoNumber {
  constructor(readonly text: string) {}

  static fromBigInt(v: bigint): GoNumber {
    return new GoNumber(v.toString());
  }

  /** Go's shortest float formatting (strconv 'g' -1 with the %v exponent threshold of 21). */
  static fromFloat(f: number): GoNumber {
    return new GoNumber(formatGoFloat(f));
  }

  toNumber(): number {
    return Number(this.text);
  }

  toString(): string {
    return this.text;
  }
}

export function formatGoFloat(f: number): string {
  if (Object.is(f, -0)) return "-0";
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mant, exp] = f.toExponential().split("e");
    const sign = exp.startsWith("-") ? "-" : "+";
    const digits = exp.replace(/^[-+]/, "").padStart(2, "0");
    return `${mant}e${sign}${digits}`;
  }
  return String(f);
}
