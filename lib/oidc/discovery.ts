// The two documents a verifier fetches: the OpenID discovery document and the JWKS.
import type { JWK } from "jose";
import { SIGNING_ALGORITHM } from "./signing-keys";

export const JWKS_PATH = "/.well-known/jwks";

export interface OpenIdConfiguration {
  issuer: string;
  jwks_uri: string;
  response_types_supported: string[];
  subject_types_supported: string[];
  id_token_signing_alg_values_supported: string[];
  claims_supported: string[];
  scopes_supported: string[];
}

export function openIdConfiguration(issuer: string): OpenIdConfiguration {
  return {
    issuer,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
    claims_supported: [
      "iss",
      "aud",
      "sub",
      "iat",
      "nbf",
      "exp",
      "jti",
      "current_env",
      "root_env",
      "trigger_user",
    ],
    scopes_supported: ["openid"],
  };
}

/** Verifiers cache these; a short max-age lets a rotated key show up within minutes. */
export function jsonResponse(body: OpenIdConfiguration | { keys: JWK[] }): Response {
  return Response.json(body, { headers: { "cache-control": "public, max-age=300" } });
}
