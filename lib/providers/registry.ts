// The providers this service offers, built per open request: the caller supplies how to mint an
// OIDC token for the organization and user opening the environment (lib/oidc/token-minter.ts);
// the current/root environment names come from each ProviderCall.
import type { Provider, ProviderRegistry } from "@/lib/esc/contract";
import { awsLoginProvider, type MintToken } from "./aws-login";
import { awsParameterStoreProvider } from "./aws-parameter-store";
import { awsSecretsProvider } from "./aws-secrets";
import { awsTimeoutMsFromEnv } from "./aws-settings";

export interface ProviderDeps {
  mintToken: MintToken;
  /** Deadline of each AWS call; default ESC_AWS_TIMEOUT_MS or 10 s. */
  awsTimeoutMs?: number;
}

/** Every provider this service offers, by its `fn::open::NAME` name. */
export function createProviders(deps: ProviderDeps): Record<string, Provider> {
  const timeoutMs = deps.awsTimeoutMs ?? awsTimeoutMsFromEnv();
  return {
    "aws-login": awsLoginProvider({ mintToken: deps.mintToken, timeoutMs }),
    "aws-secrets": awsSecretsProvider({ timeoutMs }),
    "aws-parameter-store": awsParameterStoreProvider({ timeoutMs }),
  };
}

export function createProviderRegistry(deps: ProviderDeps): ProviderRegistry {
  const providers = createProviders(deps);
  return {
    provider: (name) => (Object.hasOwn(providers, name) ? providers[name] : undefined),
    rotator: () => undefined,
  };
}
