// The wrapper every route handler goes through: it resolves the route params, turns thrown
// ApiErrors and service errors into `{code, message}` bodies with the right status, and hides
// unexpected failures behind a generic 500 (logged with a request id, never with the body).
import { toApiError } from "./errors";
import { errorResponse } from "./responses";
import { summarizeError } from "./error-summary";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { withRetryAfter } from "@/lib/rate-limit/errors";
import { log, requestIdFrom, routePattern } from "@/lib/log";

type Params = Record<string, string>;

const DATABASE_RETRY_AFTER_SECONDS = 5;
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
    if (isDatabaseUnavailable(err)) {
      // A clear, retryable answer; the log line says which fault it was.
      log("warn", "api request failed: database unavailable", {
        requestId,
        route: routePattern(req.url, params),
        ...summarizeError(err),
      });
      const res = errorResponse(503, `the database is unavailable; try again shortly (request ${requestId})`);
      res.headers.set("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
      return res;
    }
    // The error's class, code and a redacted message, never the stack or the request body: a
    // driver message can quote a connection string or a header.
    log("error", "api request failed", {
      requestId,
      method: req.method,
      route: routePattern(req.url, params),
      ...summarizeError(err),
    });
    return errorResponse(500, `internal server error (request ${requestId})`);
  }
}
