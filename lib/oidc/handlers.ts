// The HTTP answers of the issuer, shared by the Next.js route handlers and the test servers.
import { jsonResponse, openIdConfiguration } from "./discovery";
import type { SigningKeys } from "./signing-keys";

export function discoveryResponse(issuer: string): Response {
  return jsonResponse(openIdConfiguration(issuer));
}

export async function jwksResponse(keys: () => SigningKeys): Promise<Response> {
  try {
    return jsonResponse(await keys().publicJwks());
  } catch (error) {
    // The cause (database, master key) goes to the server log, not to the world.
    console.error(`OIDC JWKS unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return Response.json({ error: "signing keys unavailable" }, { status: 503 });
  }
}
