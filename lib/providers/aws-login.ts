// `fn::open::aws-login`: temporary AWS credentials, either by exchanging one of our OIDC tokens
// with STS AssumeRoleWithWebIdentity (`oidc`) or by passing static keys through (`static`).
import { AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { decodeJwt } from "jose";
import type { PlainValue, Provider, ProviderCall, Schema, Value } from "@/lib/esc/contract";
import { parseGoDuration } from "@/lib/esc/go-duration";
import { describeAwsError } from "./aws-errors";
import { awsTarget, clientOptions, withDeadline } from "./aws-settings";
import { optionalString, optionalStringList, requireObject, requireString } from "./inputs";
import { objectValue, providerValue } from "./value";

/** Mints an OIDC token for the environment being opened (see lib/oidc/token-minter.ts). */
export type MintToken = (
  call: ProviderCall,
  audiencePrefix: string,
  subjectAttributes?: string[],
) => Promise<string>;

export interface AwsLoginDeps {
  mintToken: MintToken;
  timeoutMs: number;
}

const DEFAULT_DURATION = "1h";
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 43_200;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

const stringSchema = { type: "string" };
const secretString = { type: "string", secret: true };

const inputSchema: Schema = {
  type: "object",
  properties: {
    oidc: {
      type: "object",
      properties: {
        roleArn: {
          type: "string",
          description: "The IAM role to assume, e.g. arn:aws:iam::123456789012:role/esc",
        },
        sessionName: { type: "string", description: "The role session name (2 to 64 characters)" },
        duration: {
          type: "string",
          description: "How long the credentials last, as a Go duration (default 1h)",
        },
        policyArns: {
          type: "array",
          items: stringSchema,
          description: "Managed policies that further limit the session",
        },
        subjectAttributes: {
          type: "array",
          items: stringSchema,
          description: "Build the token subject from these attributes",
        },
      },
      required: ["roleArn", "sessionName"],
    },
    static: {
      type: "object",
      properties: { accessKeyId: stringSchema, secretAccessKey: stringSchema, sessionToken: stringSchema },
      required: ["accessKeyId", "secretAccessKey"],
    },
  },
  oneOf: [
    { type: "object", required: ["oidc"] },
    { type: "object", required: ["static"] },
  ],
};

const outputSchema: Schema = {
  type: "object",
  properties: {
    accessKeyId: stringSchema,
    secretAccessKey: secretString,
    sessionToken: secretString,
    expiration: { type: "string", description: "When the credentials expire (RFC 3339)" },
  },
  required: ["accessKeyId", "secretAccessKey"],
};

function credentialsValue(c: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: string;
}): Value {
  const members: { [key: string]: Value } = {
    accessKeyId: providerValue(c.accessKeyId),
    secretAccessKey: providerValue(c.secretAccessKey, true),
  };
  if (c.sessionToken !== undefined) members.sessionToken = providerValue(c.sessionToken, true);
  if (c.expiration !== undefined) members.expiration = providerValue(c.expiration);
  return objectValue(members);
}

/** The `duration` input in whole seconds, within what STS accepts. */
export function sessionDurationSeconds(duration: string): number {
  const seconds = Math.floor(parseGoDuration(duration) / 1000);
  if (seconds < MIN_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
    throw new Error(`duration must be between 15m and 12h (got ${JSON.stringify(duration)})`);
  }
  return seconds;
}

export function awsLoginProvider(deps: AwsLoginDeps): Provider {
  return {
    schema: () => ({ inputs: inputSchema, outputs: outputSchema }),
    async open(inputs, call) {
      const hasOidc = inputs.oidc !== undefined && inputs.oidc !== null;
      const hasStatic = inputs.static !== undefined && inputs.static !== null;
      if (hasOidc === hasStatic) throw new Error("aws-login needs exactly one of 'oidc' or 'static'");
      if (hasStatic) return openStatic(inputs.static);
      return openOidc(inputs.oidc, call, deps);
    },
  };
}

function openStatic(input: PlainValue | undefined): Value {
  const s = requireObject(input, "static");
  return credentialsValue({
    accessKeyId: requireString(s.accessKeyId, "static.accessKeyId", 256),
    secretAccessKey: requireString(s.secretAccessKey, "static.secretAccessKey", 1024),
    sessionToken: optionalString(s.sessionToken, "static.sessionToken", 8192),
  });
}

async function openOidc(
  input: PlainValue | undefined,
  call: ProviderCall,
  deps: AwsLoginDeps,
): Promise<Value> {
  const o = requireObject(input, "oidc");
  const roleArn = requireString(o.roleArn, "oidc.roleArn", 600);
  if (!ROLE_ARN.test(roleArn)) {
    throw new Error(
      `oidc.roleArn "${roleArn.slice(0, 100)}" is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)`,
    );
  }
  const sessionName = requireString(o.sessionName, "oidc.sessionName", 64);
  if (!SESSION_NAME.test(sessionName)) {
    throw new Error("oidc.sessionName must be 2 to 64 characters of letters, digits and +=,.@_-");
  }
  const duration = optionalString(o.duration, "oidc.duration", 100) ?? DEFAULT_DURATION;
  const durationSeconds = sessionDurationSeconds(duration);
  const policyArns = optionalStringList(o.policyArns, "oidc.policyArns", 10);
  const subjectAttributes = optionalStringList(o.subjectAttributes, "oidc.subjectAttributes", 4);

  let token: string;
  try {
    token = await deps.mintToken(call, "aws", subjectAttributes);
  } catch (error) {
    // Database or master-key trouble: keep the first line, which says what is wrong.
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 300);
    throw new Error(`cannot mint the OIDC token for AWS: ${reason}`);
  }
  const claims = decodeJwt(token);
  const target = awsTarget("STS", undefined, deps.timeoutMs);
  const context = {
    target,
    roleArn,
    duration,
    issuer: claims.iss,
    aud: Array.isArray(claims.aud) ? claims.aud[0] : claims.aud,
    sub: claims.sub,
  };

  // AssumeRoleWithWebIdentity is an unsigned call: the token is the only credential.
  const client = new STSClient(clientOptions(target));
  let result;
  try {
    result = await withDeadline(deps.timeoutMs, call.signal, (abortSignal) =>
      client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName,
          WebIdentityToken: token,
          DurationSeconds: durationSeconds,
          PolicyArns: policyArns?.map((arn) => ({ arn })),
        }),
        { abortSignal },
      ),
    );
  } catch (error) {
    throw new Error(describeAwsError(error, context));
  } finally {
    client.destroy();
  }
  const c = result.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
    throw new Error("AWS STS answered without credentials");
  return credentialsValue({
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration?.toISOString(),
  });
}
