// Check and open for the API, over the service layer's evaluation (imports resolved within the
// organization, the org's crypter, the providers). Until lib/environments/evaluate.ts lands,
// these answer 501 so the rest of the API (and the build) works.
import type { Environment, Diagnostic } from "@/lib/esc";
import type { Actor } from "@/lib/environments/types";
import { ApiError } from "./errors";

export interface Evaluated {
  environment?: Environment;
  diagnostics: Diagnostic[];
}

const unavailable = () => new ApiError(501, "evaluation is not available on this server yet");

export async function checkDefinition(_actor: Actor, _org: string, _yaml: string, _opts: { environment?: string; showSecrets?: boolean }): Promise<Evaluated> {
  throw unavailable();
}

export async function openDefinition(_actor: Actor, _org: string, _yaml: string, _opts: { environment?: string }): Promise<Evaluated> {
  throw unavailable();
}
