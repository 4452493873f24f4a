// The client address a request came from, for per-IP limits. Route handlers see no socket, but
// `next start` fills X-Forwarded-For with the socket's address when the request has none; behind
// a reverse proxy the proxy appends the address it saw, so the last entry is the nearest hop.
// Without a proxy a client can send its own X-Forwarded-For and pick its per-IP key: per-IP
// limits are only as good as the proxy in front (per-account and per-token limits still hold).
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").pop()?.trim();
  const ip = last || headers.get("x-real-ip")?.trim() || "unknown";
  // Bounded, so a hostile header cannot make a huge key.
  return ip.slice(0, 64);
}
