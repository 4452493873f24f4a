import { discoveryResponse } from "@/lib/oidc/handlers";
import { oidcIssuerUrl } from "@/lib/oidc/issuer-url";

// Read ESC_PUBLIC_URL at request time, not at build time.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return discoveryResponse(oidcIssuerUrl());
}
