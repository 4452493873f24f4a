// Methods a route does not implement. Next answers those itself with an empty 405 (and OPTIONS
// with an Allow header of whatever a module exports), so each route file exports the rest from
// here: a `{code, message}` 405 with an Allow header, like every other API error, and an OPTIONS
// that lists only the methods the route really has.
//
//   export const GET = route(…);
//   export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
import { errorResponse, noContent } from "./responses";
import { route } from "./handler";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

const METHODS: readonly Method[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** The Allow header's value for a route implementing `implemented` (HEAD comes with GET). */
export function allowedMethods(implemented: readonly string[]): string {
  const allowed = METHODS.filter(
    (m) => implemented.includes(m) || (m === "HEAD" && implemented.includes("GET")),
  );
  return [...allowed, "OPTIONS"].join(", ");
}

export function otherMethods(
  implemented: Partial<Record<Method, unknown>>,
): Record<Method | "OPTIONS", Handler> {
  const allow = allowedMethods(Object.keys(implemented));
  const notAllowed = route(async (req) => {
    const res = errorResponse(
      405,
      `${req.method.slice(0, 20)} is not allowed here; this endpoint accepts ${allow}`,
    );
    res.headers.set("Allow", allow);
    return res;
  }) as Handler;
  const options: Handler = async () => {
    const res = noContent(204);
    res.headers.set("Allow", allow);
    return res;
  };
  return {
    GET: notAllowed,
    HEAD: notAllowed,
    POST: notAllowed,
    PUT: notAllowed,
    PATCH: notAllowed,
    DELETE: notAllowed,
    OPTIONS: options,
  };
}
