// Where a request came from, for the audit trail. Transports build it from the request they
// received (route handlers from the Request, server actions from next/headers) and pass it down
// with the Actor, so the service layer never reads headers itself.
import { clientIp } from "@/lib/rate-limit/client-ip";

export interface RequestContext {
  /** The client's address as the nearest proxy saw it (see lib/rate-limit/client-ip.ts). */
  ip: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 500;

export function requestContextFrom(headers: Headers): RequestContext {
  const ip = clientIp(headers);
  const userAgent = headers.get("user-agent")?.trim().slice(0, MAX_USER_AGENT) || null;
  return { ip: ip === "unknown" ? null : ip, userAgent };
}
