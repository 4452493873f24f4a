// Adapts mintOidcToken to the providers' MintToken: bound to the organization and the user
// opening the environment; the environment names come from the ProviderCall.
import type { ProviderCall } from "@/lib/esc/contract";
import { mintOidcToken, type MintOptions } from "./mint-token";

export interface TokenMinterIdentity {
  org: string;
  userLogin: string;
}

/** Splits `project/env` (a bare name is in the `default` project). */
export function splitEnvironmentName(name: string): { project: string; env: string } {
  const slash = name.indexOf("/");
  return slash < 0
    ? { project: "default", env: name }
    : { project: name.slice(0, slash), env: name.slice(slash + 1) };
}

export function oidcTokenMinter(identity: TokenMinterIdentity, options: MintOptions = {}) {
  return (call: ProviderCall, audiencePrefix: string, subjectAttributes?: string[]): Promise<string> => {
    const { project, env } = splitEnvironmentName(call.currentEnvironment);
    return mintOidcToken(
      {
        org: identity.org,
        userLogin: identity.userLogin,
        project,
        env,
        rootEnv: call.rootEnvironment,
        audiencePrefix,
        subjectAttributes,
      },
      options,
    );
  };
}
