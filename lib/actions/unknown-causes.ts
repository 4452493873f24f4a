// Why a value is unknown, for the preview. The evaluator marks a value unknown both when it waits
// for Open (a provider's output, or anything computed from one) and when it could not be computed
// at all (a reference to nothing, a failed provider): the error is told by a diagnostic, not by
// the value. The preview must not call a bad reference "unknown until opened", so this tells the
// two apart from the evaluator's own output, without changing what it computes: an unknown value
// is an error when an error diagnostic lies inside its expression, or when the value it refers
// to is an error itself (`b: ${a}` where `a: ${does.not.exist}`).
import type { Diagnostic, Range, Value } from "@/lib/esc/contract";
import type { Expr } from "@/lib/esc";

interface ErrorSite {
  environment: string;
  begin: number;
  end: number;
  summary: string;
}

const rangeKey = (r: Range): string => `${r.environment ?? ""}\u0000${r.begin.byte}\u0000${r.end.byte}`;

/** The expressions of the tree by their range (what a Value's trace.def and references point at). */
function indexExprs(exprs: Record<string, Expr> | undefined): Map<string, Expr> {
  const index = new Map<string, Expr>();
  const visit = (x: Expr | undefined) => {
    if (!x) return;
    if (!index.has(rangeKey(x.range))) index.set(rangeKey(x.range), x);
    for (const child of Object.values(x.object ?? {})) visit(child);
    for (const item of x.list ?? []) visit(item);
    visit(x.builtin?.arg);
  };
  for (const x of Object.values(exprs ?? {})) visit(x);
  return index;
}

/**
 * The ranges an expression (with its arguments and members) takes values from: for each
 * reference, the deepest step that resolved to another expression (`${env.X}` takes X, not
 * all of `env`; a step inside an unknown resolves to the reference itself and is skipped).
 */
function referencedRanges(x: Expr): Range[] {
  const out: Range[] = [];
  const own = rangeKey(x.range);
  const chain = (steps: { value: Range }[] | undefined) => {
    if (!steps) return;
    for (let i = steps.length - 1; i >= 0; i--) {
      if (rangeKey(steps[i].value) !== own) {
        out.push(steps[i].value);
        return;
      }
    }
  };
  chain(x.symbol);
  for (const part of x.interpolate ?? []) chain(part.value);
  for (const child of Object.values(x.object ?? {})) out.push(...referencedRanges(child));
  for (const item of x.list ?? []) out.push(...referencedRanges(item));
  if (x.builtin) out.push(...referencedRanges(x.builtin.arg));
  return out;
}

/**
 * A function telling, for an unknown value of this evaluation, the summary of the error that
 * made it unknown, or undefined when it is unknown for another reason (it waits for Open, or it
 * is a secret that was not decrypted).
 */
export function unknownCauses(
  exprs: Record<string, Expr> | undefined,
  diagnostics: Diagnostic[],
): (value: Value) => string | undefined {
  const sites: ErrorSite[] = diagnostics
    .filter((d) => d.severity === "error" && d.range)
    .map((d) => ({
      environment: d.range?.environment ?? "",
      begin: d.range?.begin.byte ?? 0,
      end: d.range?.end.byte ?? 0,
      summary: d.summary,
    }));
  if (sites.length === 0) return () => undefined;
  const index = indexExprs(exprs);
  const memo = new Map<Expr, string | null>();

  const errorOf = (x: Expr): string | null => {
    const known = memo.get(x);
    if (known !== undefined) return known;
    memo.set(x, null); // a cycle ends here (the evaluator reports cycles where they are)
    const env = x.range.environment ?? "";
    const inside = sites.find(
      (s) => s.environment === env && s.begin >= x.range.begin.byte && s.end <= x.range.end.byte,
    );
    let found: string | null = inside?.summary ?? null;
    if (found === null) {
      for (const r of referencedRanges(x)) {
        const target = index.get(rangeKey(r));
        found = target && target !== x ? errorOf(target) : null;
        if (found !== null) break;
      }
    }
    memo.set(x, found);
    return found;
  };

  return (value) => {
    if (!value.unknown) return undefined;
    const x = index.get(rangeKey(value.trace.def));
    return x ? (errorOf(x) ?? undefined) : undefined;
  };
}
