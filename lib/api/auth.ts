// Authentication for the REST API: every endpoint except health needs a valid access token.
import type { Actor } from "@/lib/auth/access-tokens";
import { authenticateWithinLimits } from "@/lib/rate-limit/api";
import { unauthorized } from "./errors";

export async function requireActor(req: Request): Promise<Actor> {
  const actor = await authenticateWithinLimits(req);
  if (!actor) throw unauthorized();
  return actor;
}
