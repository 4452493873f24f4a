// Check and open for the API, over the service layer's evaluation (imports resolved within the
// organization, the org's crypter, the providers with OIDC tokens for this org and user).
import type { CompanionRow } from "@/lib/db/audit";
import type { Environment, Diagnostic } from "@/lib/esc";
import { checkEnvironmentYaml, openStoredEnvironment } from "@/lib/environments/evaluate";
import type { Actor } from "@/lib/environments/types";
import type { EnvRef } from "./params";

export interface Evaluated {
  environment?: Environment;
  diagnostics: Diagnostic[];
}

/** Checks definition text in `org` (as `environment`, when it is a stored one being updated). */
export function checkDefinition(
  actor: Actor,
  org: string,
  yaml: string,
  opts: { environment?: string; showSecrets?: boolean },
): Promise<Evaluated> {
  return checkEnvironmentYaml(actor, org, yaml, { showSecrets: opts.showSecrets, name: opts.environment });
}

/**
 * Opens the stored environment at `version`; `keep` gets what was opened and gives the row to
 * keep of it (written with the open's audit entry), whose id is `keptId`.
 */
export async function openStored(
  actor: Actor,
  ref: EnvRef,
  version: number | string | undefined,
  keep: (
    opened: Evaluated & { environmentId: string; orgId: string },
  ) => Promise<(CompanionRow & { id: string }) | undefined>,
) {
  const result = await openStoredEnvironment(actor, ref.org, ref.project, ref.env, version, {
    keep: (opened) =>
      keep({
        environment: opened.environment,
        diagnostics: opened.diagnostics,
        environmentId: opened.definition.id,
        orgId: opened.definition.orgId,
      }),
  });
  return { environment: result.environment, diagnostics: result.diagnostics, keptId: result.keptId };
}
