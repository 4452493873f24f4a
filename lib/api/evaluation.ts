// Check and open for the API, over the service layer's evaluation (imports resolved within the
// organization, the org's crypter, the providers with OIDC tokens for this org and user).
import type { Environment, Diagnostic } from "@/lib/esc";
import { checkEnvironmentYaml, openStoredEnvironment } from "@/lib/environments/evaluate";
import type { Actor } from "@/lib/environments/types";
import type { EnvRef } from "./params";

export interface Evaluated {
  environment?: Environment;
  diagnostics: Diagnostic[];
}

/** Checks definition text in `org` (as `environment`, when it is a stored one being updated). */
export function checkDefinition(actor: Actor, org: string, yaml: string, opts: { environment?: string; showSecrets?: boolean }): Promise<Evaluated> {
  return checkEnvironmentYaml(actor, org, yaml, { showSecrets: opts.showSecrets, name: opts.environment });
}

/** Opens the stored environment at `version`; also returns the ids the open session is filed under. */
export async function openStored(actor: Actor, ref: EnvRef, version: number | string | undefined) {
  const result = await openStoredEnvironment(actor, ref.org, ref.project, ref.env, version);
  return { environment: result.environment, diagnostics: result.diagnostics, environmentId: result.definition.id, orgId: result.definition.orgId };
}
