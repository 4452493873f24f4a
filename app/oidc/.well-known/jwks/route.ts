import { jwksResponse } from "@/lib/oidc/handlers";
import { defaultSigningKeys } from "@/lib/oidc/default-signing-keys";

// The key set lives in the database: never prerender it at build time.
export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return jwksResponse(defaultSigningKeys);
}
