// Turns AWS SDK failures into one actionable sentence for the `fn::open` diagnostic: what went
// wrong and what to change. No stack traces; nothing we sent (tokens, keys) is ever echoed, and
// AWS's own text is only quoted after redaction.
import { AwsDeadlineError, type AwsTarget } from "./aws-settings";

/** What the failing call was about; used to name the thing to fix. */
export interface AwsErrorContext {
  target: AwsTarget;
  /** aws-login (oidc): the role and the token's identity, so the trust policy can be spelled out. */
  roleArn?: string;
  issuer?: string;
  aud?: string;
  sub?: string;
  duration?: string;
  /** aws-secrets / aws-parameter-store: what was being read, e.g. `secret "db-password"`. */
  resource?: string;
}

const SERVICE_NAMES = {
  STS: "STS",
  SECRETS_MANAGER: "Secrets Manager",
  SSM: "Systems Manager Parameter Store",
} as const;

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENOTFOUND",
]);

/** Strips anything that looks like a JWT or an AWS secret from text quoted back to the user. */
export function redact(text: string): string {
  return text
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, "[token]")
    .replace(/[A-Za-z0-9/+]{40,}={0,2}/g, "[redacted]")
    .slice(0, 300);
}

function errorFields(error: unknown): { name: string; code: string; message: string } {
  if (typeof error !== "object" || error === null) return { name: "Error", code: "", message: String(error) };
  const e = error as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
  const cause = e.cause as { code?: unknown } | undefined;
  const code = typeof e.code === "string" ? e.code : typeof cause?.code === "string" ? cause.code : "";
  return {
    name: typeof e.name === "string" ? e.name : "Error",
    code,
    message: typeof e.message === "string" ? e.message : "",
  };
}

function where(target: AwsTarget): string {
  return target.endpoint ? `${target.endpoint} (region ${target.region})` : `region ${target.region}`;
}

function accountOf(roleArn: string | undefined): string {
  return /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn ?? "")?.[1] ?? "ACCOUNT_ID";
}

function trustPolicyHint(ctx: AwsErrorContext): string {
  const prefix = (ctx.issuer ?? "").replace(/^https?:\/\//, "");
  return (
    `The trust policy must allow sts:AssumeRoleWithWebIdentity for the federated principal ` +
    `arn:aws:iam::${accountOf(ctx.roleArn)}:oidc-provider/${prefix} with the conditions ` +
    `"${prefix}:aud" = "${ctx.aud}" and "${prefix}:sub" = "${ctx.sub}".`
  );
}

export function describeAwsError(error: unknown, ctx: AwsErrorContext): string {
  const service = `AWS ${SERVICE_NAMES[ctx.target.service]}`;
  const { name, code, message } = errorFields(error);
  const quoted = redact(message);

  if (error instanceof AwsDeadlineError || name === "TimeoutError" || code === "ETIMEDOUT") {
    return `${service} did not answer within ${ctx.target.timeoutMs} ms at ${where(ctx.target)}; check the network and the region, or raise ESC_AWS_TIMEOUT_MS`;
  }
  if (name === "AbortError") return `the request to ${service} was cancelled`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return ctx.target.endpoint
      ? `cannot resolve the ${service} endpoint ${ctx.target.endpoint}; check AWS_ENDPOINT_URL`
      : `cannot resolve the ${service} endpoint for region "${ctx.target.region}"; check the region name and the network`;
  }
  if (NETWORK_CODES.has(code)) {
    return `cannot reach ${service} at ${where(ctx.target)} (${code}); check the network, the region and AWS_ENDPOINT_URL`;
  }

  switch (name) {
    case "AccessDenied":
      if (ctx.target.service === "STS") {
        return `AWS refused to let this environment assume role ${ctx.roleArn}: the role does not exist or its trust policy does not allow this token. ${trustPolicyHint(ctx)}`;
      }
      break;
    case "InvalidIdentityTokenException":
    case "InvalidIdentityToken":
      if (/no openid ?connect provider/i.test(message)) {
        return `AWS account ${accountOf(ctx.roleArn)} has no IAM OIDC identity provider for ${ctx.issuer}: create one with that provider URL and the audience "${ctx.aud}"`;
      }
      if (/audience/i.test(message)) {
        return `the IAM OIDC identity provider for ${ctx.issuer} does not list the audience "${ctx.aud}": add it as an audience (client ID)`;
      }
      if (/verification key|jwks|retrieve/i.test(message)) {
        return `AWS could not fetch this service's signing keys from ${ctx.issuer}/.well-known/jwks: ESC_PUBLIC_URL must be reachable from AWS over https`;
      }
      return `AWS rejected the identity token (${quoted}); check that ESC_PUBLIC_URL is the URL registered as the IAM OIDC provider and that this server's clock is right`;
    case "IDPCommunicationErrorException":
    case "IDPCommunicationError":
      return `AWS could not reach this service's OIDC issuer at ${ctx.issuer}: ESC_PUBLIC_URL must be reachable from AWS over https`;
    case "IDPRejectedClaimException":
    case "IDPRejectedClaim":
      return `AWS rejected the identity token's claims (${quoted}). ${trustPolicyHint(ctx)}`;
    case "ExpiredTokenException":
    case "ExpiredToken":
      return ctx.target.service === "STS"
        ? `AWS considers the identity token expired; check this server's clock`
        : `the credentials from "login" have expired; open the environment again`;
    case "RegionDisabledException":
      return `STS is not activated in region "${ctx.target.region}"; activate it in the IAM console or use another region`;
    case "MalformedPolicyDocumentException":
    case "PackedPolicyTooLargeException":
      return `AWS refused the session policies (policyArns): ${quoted}`;
    case "ValidationError":
    case "ValidationException":
      if (/DurationSeconds|MaxSessionDuration|duration/i.test(message)) {
        return `the requested duration ${ctx.duration ?? ""} is longer than role ${ctx.roleArn} allows; lower "duration" or raise the role's maximum session duration`.replace(
          "  ",
          " ",
        );
      }
      if (/roleArn/i.test(message)) return `"${ctx.roleArn}" is not a valid IAM role ARN`;
      return `${service} refused the request: ${quoted}`;
    case "InvalidClientTokenId":
    case "UnrecognizedClientException":
    case "SignatureDoesNotMatch":
    case "InvalidSignatureException":
      return `${service} in region "${ctx.target.region}" did not accept the credentials from "login": they are invalid or expired, or the region belongs to another partition`;
    case "AccessDeniedException":
      return `${service} denied access to ${ctx.resource ?? "the requested value"}: the role behind "login" needs permission to read it (and to decrypt it with its KMS key)`;
    case "ResourceNotFoundException":
      return `${service} has no ${ctx.resource ?? "such value"} in region "${ctx.target.region}"; check the name and the region`;
    case "DecryptionFailure":
    case "InvalidCiphertextException":
      return `${service} could not decrypt ${ctx.resource ?? "the value"}: the role behind "login" needs kms:Decrypt on its key`;
    case "ParameterVersionNotFound":
    case "ParameterNotFound":
      return `${service} has no ${ctx.resource ?? "such parameter"} in region "${ctx.target.region}"; check the name, version or label and the region`;
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(name)) {
    return `${service} kept throttling the requests after several retries; try again shortly`;
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  // An HTML page, a truncated or non-XML body: something other than AWS answered, or answered
  // half. The SDK's own message spans lines and points at hidden fields; say what it means.
  if (
    /Deserialization error|XML parse error|is not valid JSON|Unexpected token|Unexpected end|char .{1,10} is not expected/i.test(
      message,
    )
  ) {
    return `${service} sent an answer that is not a valid AWS response${status ? ` (HTTP ${status})` : ""} at ${where(ctx.target)}; a proxy or a wrong AWS_ENDPOINT_URL may be in the way`;
  }
  if (
    status !== undefined &&
    status >= 500 &&
    (name === "Unknown" || name === "UnknownError" || !quoted || quoted === "Unknown")
  ) {
    return `${service} is unavailable (HTTP ${status}) at ${where(ctx.target)}; try again shortly, or check AWS_ENDPOINT_URL`;
  }
  return `${service} failed${status ? ` (HTTP ${status})` : ""}: ${name}${quoted ? `: ${quoted.replace(/\s*\n\s*/g, " ")}` : ""}`;
}
