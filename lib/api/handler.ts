// The wrapper every route handler goes through: it resolves the route params, turns thrown
// ApiErrors and service errors into `{code, message}` bodies with the right status, and hides
// unexpected failures behind a generic 500 (logged with a request id, never with the body).
import { toApiError } from "./errors";
import { errorResponse } from "./responses";
import { withRetryAfter } from "@/lib/rate-limit/errors";
import { log, requestIdFrom, routePattern } from "@/lib/log";

type Params = Record<string, string>;
type Handler<P extends Params> = (req: Request, params: P) => Promise<Response>;

export function route<P extends Params = Params>(handler: Handler<P>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers);
    // Routes without dynamic segments get no params at all (undefined), not an empty object.
    const params = ((await ctx?.params) ?? {}) as P;
    const res = await handle(handler, req, params, requestId);
    tagWithRequestId(res, requestId);
    // One line per request: the route pattern, never the raw URL (a query could carry a secret).
    log("info", "api request", {
      requestId,
      method: req.method,
      route: routePattern(req.url, params),
      status: res.status,
      durationMs: Math.round(performance.now() - started),
      org: params.org,
    });
    return res;
  };
}

function tagWithRequestId(res: Response, requestId: string): void {
  try {
    res.headers.set("X-Pulumi-Request-ID", requestId);
    res.headers.set("X-Request-ID", requestId);
  } catch {
    // Immutable headers (Response.redirect): the id is still in the log line.
  }
}

async function handle<P extends Params>(
  handler: Handler<P>,
  req: Request,
  params: P,
  requestId: string,
): Promise<Response> {
  try {
    return await handler(req, params);
  } catch (err) {
    const apiError = toApiError(err);
    if (apiError)
      return withRetryAfter(errorResponse(apiError.status, apiError.message, apiError.diagnostics), err);
    // Only the error's name and the start of its message: a stack, a request body or a long
    // driver message could carry secrets.
    const summary = err instanceof Error ? `${err.name}: ${err.message.slice(0, 200)}` : "unknown error";
    log("error", "api request failed", {
      requestId,
      method: req.method,
      route: routePattern(req.url, params),
      error: summary,
    });
    return errorResponse(500, `internal server error (request ${requestId})`);
  }
}
