// Mints the signed identity token ESC hands to a cloud (AWS STS AssumeRoleWithWebIdentity).
// The token is a bearer credential: it is returned to the caller and never logged.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { identityClaims, type TokenSubjectRequest } from "./claims";
import { SIGNING_ALGORITHM, type SigningKeys } from "./signing-keys";
import { oidcIssuerUrl } from "./issuer-url";
import { defaultSigningKeys } from "./default-signing-keys";

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;
const MAX_TOKEN_LIFETIME_SECONDS = 3600;

export interface MintOidcTokenRequest extends TokenSubjectRequest {
  /** A few minutes is enough: the token is exchanged immediately. Default 300 s. */
  lifetimeSeconds?: number;
}

export interface MintOptions {
  keys?: SigningKeys;
  issuer?: string;
  now?: () => Date;
}

export async function mintOidcToken(
  request: MintOidcTokenRequest,
  options: MintOptions = {},
): Promise<string> {
  const claims = identityClaims(request);
  const lifetime = request.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new Error(
      `token lifetime must be a whole number of seconds between 1 and ${MAX_TOKEN_LIFETIME_SECONDS}`,
    );
  }
  const keys = options.keys ?? defaultSigningKeys();
  const { kid, privateKey } = await keys.activeKey();
  const now = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: "JWT" })
    .setIssuer(options.issuer ?? oidcIssuerUrl())
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetime)
    .setJti(randomUUID())
    .sign(privateKey);
}
