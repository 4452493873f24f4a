// Limits on the REST API: failed token authentications per client IP, and requests per token.
// A client whose IP is over the failure limit gets 429 before its token is even looked up.
// Both are counted through tally.ts: per-token counts are coalesced per process (one write per
// token per second instead of one per request), failures are written at once; see there for the
// bounded over-admission across instances.
import { authenticateToken, type Actor } from "@/lib/auth/access-tokens";
import { getDb, type Db } from "@/lib/db/client";
import { clientIp } from "./client-ip";
import { hitCoalesced, hitNow, peekCached } from "./tally";
import { RateLimitedError } from "./errors";
import { apiRequestsPerToken, failedTokenAuthentications } from "./rules";

/**
 * The actor behind the request's Authorization header, or null (answer 401); throws
 * RateLimitedError (answer 429) when the client's IP has failed too often or the token has made
 * too many requests this minute.
 */
export async function authenticateWithinLimits(req: Request, db: Db = getDb()): Promise<Actor | null> {
  const header = req.headers.get("authorization");
  const ipKey = `token-failure-ip:${clientIp(req.headers)}`;
  const failures = failedTokenAuthentications();
  const ipState = await peekCached(db, ipKey, failures);
  if (ipState.limited)
    throw new RateLimitedError(
      ipState.retryAfterSeconds,
      "Too many failed authentications from this address.",
    );

  const actor = await authenticateToken(header, db);
  if (!actor) {
    // Requests without credentials are anonymous, not failed guesses; only presented ones count.
    if (header) await hitNow(db, ipKey, failures);
    return null;
  }
  if (actor.tokenId) {
    const usage = await hitCoalesced(db, `api-token:${actor.tokenId}`, apiRequestsPerToken());
    if (usage.limited)
      throw new RateLimitedError(usage.retryAfterSeconds, "Too many requests for this access token.");
  }
  return actor;
}
