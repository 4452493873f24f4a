// A path with a percent-escape that does not decode (`%zz`, a lone `%`, invalid or overlong
// UTF-8 such as `%c0%ae`) names nothing. Next's router throws on such a path and answers 500
// before any route runs, so proxy.ts answers it first with a 400.
import { errorBody } from "@/lib/api/errors";

export function hasMalformedEscape(pathname: string): boolean {
  if (!pathname.includes("%")) return false;
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

const MESSAGE = "the URL path holds a malformed percent-escape";

/** 400 in the API's `{code, message}` shape under /api, a plain page elsewhere. */
export function malformedPathResponse(pathname: string): Response {
  const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (pathname === "/api" || pathname.startsWith("/api/"))
    return Response.json(errorBody(400, MESSAGE), { status: 400, headers });
  return new Response(`Bad request: ${MESSAGE}.\n`, {
    status: 400,
    headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
  });
}
