// Evaluates definition text the editor holds (not yet saved) in the context of its org, through
// the service layer: imports resolve to the org's stored environments, ciphertext decrypts with
// the org's key, and the execution context names the caller. Check never calls providers (Open,
// which does, is lib/environments/opened-values.ts: it also keeps the opened values for Reveal).
import type { EvalResult } from "@/lib/esc";
import { checkEnvironmentYaml } from "@/lib/environments/evaluate";
import type { OrgContext } from "@/lib/auth/session";

export function checkDefinition(
  ctx: OrgContext,
  project: string,
  env: string,
  yaml: string,
): Promise<EvalResult> {
  return checkEnvironmentYaml(ctx.actor, ctx.org, yaml, { name: `${project}/${env}` });
}
