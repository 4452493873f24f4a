// Opening an environment for `open` and `run`: resolve the name, POST open with a Go duration,
// GET the result. Evaluation errors come back as diagnostics, printed and turned into exit 1.
import { ApiError } from "./client";
import { CliError, type Context } from "./context";
import { formatDiagnostics } from "./diagnostics";
import { formatGoDuration, parseGoDuration } from "@/lib/esc/go-duration";
import type { FlagSpec } from "./args";
import type { EnvRef, EnvironmentValue } from "./types";

export const LIFETIME_FLAG: FlagSpec = {
  name: "lifetime",
  short: "l",
  type: "string",
  description: "the lifetime of the opened environment in the form HhMm (e.g. 2h, 1h30m, 15m)",
  default: "2h",
};

export const DRAFT_FLAG: FlagSpec = {
  name: "draft",
  type: "string",
  noValue: "new",
  description: "use a draft (change request); not supported by this server",
};

export function rejectDraft(draft: string | undefined): void {
  if (draft !== undefined) throw new CliError("drafts (change requests) are not supported by this server");
}

export function lifetimeParam(text: string | undefined): string {
  let ms: number;
  try {
    ms = parseGoDuration(text ?? "2h");
  } catch {
    throw new CliError(`invalid --lifetime "${text}": expected a duration such as 2h, 1h30m or 15m`);
  }
  if (ms <= 0) throw new CliError("--lifetime must be positive");
  return formatGoDuration(ms);
}

export async function openByName(
  ctx: Context,
  name: string,
  lifetime: string | undefined,
  draft: string | undefined,
): Promise<{ ref: EnvRef; env: EnvironmentValue }> {
  rejectDraft(draft);
  const duration = lifetimeParam(lifetime);
  const ref = await ctx.resolve(name);
  try {
    const env = await ctx.client().openEnvironment(ref, ref.version, duration);
    return { ref, env };
  } catch (err) {
    if (err instanceof ApiError && err.diagnostics?.length) {
      ctx.err(formatDiagnostics(err.diagnostics, ref.env));
      throw new CliError("", 1);
    }
    throw err;
  }
}
