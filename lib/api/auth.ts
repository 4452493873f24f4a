// Authentication for the REST API: every endpoint except health needs a valid access token.
import { authenticateToken, type Actor } from "@/lib/auth/access-tokens";
import { unauthorized } from "./errors";

export async function requireActor(req: Request): Promise<Actor> {
  const actor = await authenticateToken(req.headers.get("authorization"));
  if (!actor) throw unauthorized();
  return actor;
}
