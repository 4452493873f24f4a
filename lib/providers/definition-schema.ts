// The editor's JSON schema for this service: the evaluator's builtins plus every provider the
// registry offers, with their input schemas. Server-only (providers import the AWS SDK); the page
// hands the result to the browser as data.
import { definitionJsonSchema, type JsonSchema } from "@/lib/esc/definition-json-schema";
import { createProviders } from "./registry";

/** One sentence per provider for hover and completion details. */
export const PROVIDER_SUMMARIES: { [name: string]: string } = {
  "aws-login":
    "Temporary AWS credentials: `oidc` trades a token from this server's OIDC issuer for a role session (STS AssumeRoleWithWebIdentity); `static` passes keys through. Outputs accessKeyId, secretAccessKey, sessionToken.",
  "aws-secrets":
    "Reads AWS Secrets Manager secrets (`get: {name: {secretId}}`) with a `login` (usually `${aws.login}`).",
  "aws-parameter-store":
    "Reads AWS Systems Manager Parameter Store parameters (`get: {name: {name}}`) with a `login` (usually `${aws.login}`).",
};

let cached: JsonSchema | undefined;

export function serviceDefinitionJsonSchema(): JsonSchema {
  if (cached) return cached;
  // Only the schemas are read: no provider is opened, so no token is ever minted here.
  const providers = createProviders({
    mintToken: () => Promise.reject(new Error("providers are not opened when building the editor schema")),
  });
  cached = definitionJsonSchema(
    Object.fromEntries(
      Object.entries(providers).map(([name, provider]) => [
        name,
        { provider, description: PROVIDER_SUMMARIES[name] ?? `The ${name} provider.` },
      ]),
    ),
  );
  return cached;
}
