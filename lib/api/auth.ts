// Authentication for the REST API: every endpoint except health needs a valid access token.
// The actor carries where the request came from, for the audit trail.
import type { Actor } from "@/lib/auth/access-tokens";
import { requestContextFrom } from "@/lib/audit/request-context";
import { authenticateWithinLimits } from "@/lib/rate-limit/api";
import { unauthorized } from "./errors";

export async function requireActor(req: Request): Promise<Actor> {
  const actor = await authenticateWithinLimits(req);
  if (!actor) throw unauthorized();
  return { ...actor, request: requestContextFrom(req.headers) };
}
