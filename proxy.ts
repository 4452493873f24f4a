// Runs before Next's router (Next 16's name for middleware). Only one job: Next's router throws
// on a path whose percent-escapes do not decode and answers 500 with no handler of ours
// involved; such a request is answered 400 here instead. Everything else passes through untouched.
import { NextResponse, type NextRequest } from "next/server";
import { hasMalformedEscape, malformedPathResponse } from "@/lib/security/malformed-path";

export function proxy(req: NextRequest): Response {
  // The raw path as sent (the WHATWG URL parser keeps escapes as they are, valid or not).
  const pathname = new URL(req.url).pathname;
  if (hasMalformedEscape(pathname)) return malformedPathResponse(pathname);
  return NextResponse.next();
}

export const config = {
  // Only paths holding a percent sign can be malformed (the matcher sees the raw path), so
  // every other request skips the proxy entirely.
  matcher: ["/(.*%.*)"],
};
