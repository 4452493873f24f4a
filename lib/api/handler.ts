// The wrapper every route handler goes through: it resolves the route params, turns thrown
// ApiErrors and service errors into `{code, message}` bodies with the right status, and hides
// unexpected failures behind a generic 500 (logged with a request id, never with the body).
import { randomUUID } from "node:crypto";
import { toApiError } from "./errors";
import { errorResponse } from "./responses";
import { withRetryAfter } from "@/lib/rate-limit/errors";

type Params = Record<string, string>;
type Handler<P extends Params> = (req: Request, params: P) => Promise<Response>;

export function route<P extends Params = Params>(handler: Handler<P>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      return await handler(req, await ctx.params);
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError) return withRetryAfter(errorResponse(apiError.status, apiError.message, apiError.diagnostics), err);
      const requestId = randomUUID();
      // Only the error's name and the start of its message: a stack, a request body or a long
      // driver message could carry secrets.
      const summary = err instanceof Error ? `${err.name}: ${err.message.slice(0, 200)}` : "unknown error";
      console.error(`[api] ${req.method} ${new URL(req.url).pathname} failed (request ${requestId}): ${summary}`);
      const res = errorResponse(500, `internal server error (request ${requestId})`);
      res.headers.set("X-Pulumi-Request-ID", requestId);
      return res;
    }
  };
}
