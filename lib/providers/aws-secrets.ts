// `fn::open::aws-secrets`: reads AWS Secrets Manager secrets (GetSecretValue) with the
// credentials of `login`; every value comes back secret. JSON secrets stay strings (use fn::fromJSON).
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Provider, Schema, Value } from "@/lib/esc/contract";
import { describeAwsError } from "./aws-errors";
import { awsTarget, clientOptions, withDeadline } from "./aws-settings";
import { optionalString, readerInputSchema, requireGetMap, requireLogin, requireString } from "./inputs";
import { objectValue, providerValue } from "./value";

export interface AwsReaderDeps {
  timeoutMs: number;
}

const inputSchema: Schema = readerInputSchema("secrets", {
  properties: {
    secretId: { type: "string", description: "The secret's name or ARN" },
    versionId: { type: "string" },
    versionStage: { type: "string", description: "e.g. AWSCURRENT or AWSPREVIOUS" },
  },
  required: ["secretId"],
});

const outputSchema: Schema = { type: "object", additionalProperties: { type: "string", secret: true } };

export function awsSecretsProvider(deps: AwsReaderDeps): Provider {
  return {
    schema: () => ({ inputs: inputSchema, outputs: outputSchema }),
    async open(inputs, call) {
      const credentials = requireLogin(inputs.login);
      const target = awsTarget(
        "SECRETS_MANAGER",
        optionalString(inputs.region, "region", 40),
        deps.timeoutMs,
      );
      const requests = requireGetMap(inputs.get).map(([name, spec]) => ({
        name,
        secretId: requireString(spec.secretId, `get.${name}.secretId`),
        versionId: optionalString(spec.versionId, `get.${name}.versionId`, 64),
        versionStage: optionalString(spec.versionStage, `get.${name}.versionStage`, 256),
      }));
      const client = new SecretsManagerClient({ ...clientOptions(target), credentials });
      try {
        const members: [string, Value][] = [];
        // One at a time: a handful of secrets per environment, and AWS throttles bursts.
        for (const r of requests) {
          const resource = `secret "${r.secretId}"${r.versionId ? ` version ${r.versionId}` : ""}${r.versionStage ? ` stage ${r.versionStage}` : ""}`;
          let result;
          try {
            result = await withDeadline(deps.timeoutMs, call.signal, (abortSignal) =>
              client.send(
                new GetSecretValueCommand({
                  SecretId: r.secretId,
                  VersionId: r.versionId,
                  VersionStage: r.versionStage,
                }),
                { abortSignal },
              ),
            );
          } catch (error) {
            throw new Error(`get.${r.name}: ${describeAwsError(error, { target, resource })}`);
          }
          const text =
            result.SecretString ??
            (result.SecretBinary ? Buffer.from(result.SecretBinary).toString("base64") : undefined);
          if (text === undefined) throw new Error(`get.${r.name}: ${resource} has no value`);
          members.push([r.name, providerValue(text, true)]);
        }
        return objectValue(Object.fromEntries(members));
      } finally {
        client.destroy();
      }
    },
  };
}
