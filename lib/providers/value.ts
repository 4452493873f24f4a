// Builds the Value trees providers return. The evaluator replaces every leaf's trace with the
// `fn::open` expression's range, so providers give an empty one.
import type { PlainValue, Range, Value } from "@/lib/esc/contract";

const NO_RANGE: Range = { begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } };

/** A Value for plain JSON; with `secret`, every leaf is marked secret. */
export function providerValue(plain: PlainValue, secret = false): Value {
  const trace = { def: NO_RANGE };
  if (Array.isArray(plain)) return { value: plain.map((item) => providerValue(item, secret)), trace };
  if (plain !== null && typeof plain === "object") {
    return {
      value: Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, providerValue(v, secret)])),
      trace,
    };
  }
  return secret ? { value: plain, secret: true, trace } : { value: plain, trace };
}

/** An object Value from already-built members (build them with Object.fromEntries: keys such as `__proto__` stay data). */
export function objectValue(members: { [key: string]: Value }): Value {
  return { value: members, trace: { def: NO_RANGE } };
}
