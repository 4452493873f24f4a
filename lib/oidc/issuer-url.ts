// The issuer URL is the public address of this service plus `/oidc`. Cloud verifiers (AWS STS)
// compare the token's `iss` byte for byte with the URL registered as the identity provider and
// fetch `<issuer>/.well-known/openid-configuration`, so it must be stable and have no trailing slash.

const DEFAULT_PUBLIC_URL = "http://localhost:3000";

export function publicBaseUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const raw = (env.ESC_PUBLIC_URL ?? "").trim() || DEFAULT_PUBLIC_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ESC_PUBLIC_URL is not a valid URL: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error("ESC_PUBLIC_URL must start with https:// (or http:// for local testing)");
  }
  if (url.search || url.hash) throw new Error("ESC_PUBLIC_URL must not have a query or fragment");
  return url.toString().replace(/\/+$/, "");
}

export function oidcIssuerUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return `${publicBaseUrl(env)}/oidc`;
}

/** The issuer without its scheme: the prefix of AWS condition keys (`<host/path>:aud`, `:sub`). */
export function issuerConditionPrefix(issuer: string): string {
  return issuer.replace(/^https?:\/\//, "");
}
