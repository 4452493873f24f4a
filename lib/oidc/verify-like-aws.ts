// Test support: verifies one of our tokens the way AWS STS does before AssumeRoleWithWebIdentity
// (moto skips all of this). Discovery document → jwks_uri → RS256 signature by kid → `iss`
// equal to the registered provider URL → `aud` in the client-id list → `exp`/`nbf` → the role
// trust policy's StringEquals/StringLike conditions on `<provider>:aud` and `<provider>:sub`.
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type JSONWebKeySet,
} from "jose";

export interface RegisteredOidcProvider {
  /** The provider URL as registered in IAM (with or without `https://`). */
  url: string;
  clientIds: string[];
}

export interface VerifyLikeAwsOptions {
  provider: RegisteredOidcProvider;
  /** The role's trust policy (JSON text, URL-encoded JSON as IAM returns it, or an object). */
  trustPolicy: string | object;
  now?: Date;
  fetchJson?: (url: string) => Promise<unknown>;
}

/** Thrown with an AWS-like error code: InvalidIdentityToken, ExpiredTokenException or AccessDenied. */
export class AwsLikeRejection extends Error {
  constructor(
    readonly code: "InvalidIdentityToken" | "ExpiredTokenException" | "AccessDenied",
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

const stripScheme = (url: string) => url.replace(/^https?:\/\//, "").replace(/\/+$/, "");

async function defaultFetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

export async function verifyLikeAws(token: string, options: VerifyLikeAwsOptions): Promise<JWTPayload> {
  const fetchJson = options.fetchJson ?? defaultFetchJson;
  const now = options.now ?? new Date();
  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    throw new AwsLikeRejection("InvalidIdentityToken", "the token is not a well-formed JWT");
  }
  if (header.alg !== "RS256" || !header.kid) {
    throw new AwsLikeRejection("InvalidIdentityToken", "the token must be RS256 with a kid");
  }
  const issuer = unverified.iss ?? "";
  const prefix = stripScheme(options.provider.url);
  if (stripScheme(issuer) !== prefix || !/^https?:\/\//.test(issuer)) {
    throw new AwsLikeRejection(
      "InvalidIdentityToken",
      `No OpenIDConnect provider found in your account for ${issuer}`,
    );
  }

  const discovery = (await fetchJson(`${issuer}/.well-known/openid-configuration`)) as {
    issuer?: string;
    jwks_uri?: string;
  };
  if (discovery.issuer !== issuer || typeof discovery.jwks_uri !== "string") {
    throw new AwsLikeRejection(
      "InvalidIdentityToken",
      "the discovery document does not name this issuer and a jwks_uri",
    );
  }
  const jwks = (await fetchJson(discovery.jwks_uri)) as JSONWebKeySet;
  if (!jwks.keys?.some((k) => k.kid === header.kid)) {
    throw new AwsLikeRejection(
      "InvalidIdentityToken",
      "Couldn't retrieve verification key from your identity provider",
    );
  }

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ["RS256"],
      issuer,
      currentDate: now,
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_JWT_EXPIRED") throw new AwsLikeRejection("ExpiredTokenException", "Token expired");
    if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED")
      throw new AwsLikeRejection("InvalidIdentityToken", "Token not yet valid or malformed claims");
    throw new AwsLikeRejection("InvalidIdentityToken", "the token signature is invalid");
  }
  if (typeof payload.exp !== "number")
    throw new AwsLikeRejection("InvalidIdentityToken", "the token has no exp");
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ""];
  if (!audiences.some((a) => options.provider.clientIds.includes(a))) {
    throw new AwsLikeRejection("InvalidIdentityToken", "Incorrect token audience");
  }

  const context: Record<string, string> = {
    [`${prefix}:aud`]: audiences[0],
    [`${prefix}:sub`]: String(payload.sub ?? ""),
  };
  if (!trustPolicyAllows(parsePolicy(options.trustPolicy), prefix, context)) {
    throw new AwsLikeRejection("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
  }
  return payload;
}

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Principal?: { Federated?: string | string[] };
  Condition?: Record<string, Record<string, string | string[]>>;
}

function parsePolicy(policy: string | object): { Statement?: Statement | Statement[] } {
  if (typeof policy !== "string") return policy as { Statement?: Statement[] };
  const text = policy.trimStart().startsWith("{") ? policy : decodeURIComponent(policy);
  return JSON.parse(text) as { Statement?: Statement[] };
}

const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "s");
}

function conditionsHold(conditions: Statement["Condition"], context: Record<string, string>): boolean {
  for (const [operator, entries] of Object.entries(conditions ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = context[key];
      if (actual === undefined) return false;
      const values = asList(expected);
      if (operator === "StringEquals") {
        if (!values.includes(actual)) return false;
      } else if (operator === "StringLike") {
        if (!values.some((v) => likeToRegExp(v).test(actual))) return false;
      } else {
        throw new Error(`verifyLikeAws does not implement the ${operator} condition operator`);
      }
    }
  }
  return true;
}

function trustPolicyAllows(
  policy: { Statement?: Statement | Statement[] },
  prefix: string,
  context: Record<string, string>,
): boolean {
  const applies = (s: Statement) =>
    asList(s.Action).some((a) => a === "sts:AssumeRoleWithWebIdentity" || a === "sts:*" || a === "*") &&
    asList(s.Principal?.Federated).some((p) => p.endsWith(`:oidc-provider/${prefix}`)) &&
    conditionsHold(s.Condition, context);
  const statements = asList(policy.Statement);
  if (statements.some((s) => s.Effect === "Deny" && applies(s))) return false;
  return statements.some((s) => s.Effect === "Allow" && applies(s));
}
