// The answer to a client over a limit: 429 with `{code, message}` and a Retry-After header.
import { ApiError } from "@/lib/api/errors";

export class RateLimitedError extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    message = "Too many requests; try again later.",
  ) {
    super(429, `${message} Retry after ${retryAfterSeconds} s.`);
    this.name = "RateLimitedError";
  }
}

/** Adds Retry-After to the error response built for `err` when `err` is a RateLimitedError. */
export function withRetryAfter(res: Response, err: unknown): Response {
  if (err instanceof RateLimitedError) res.headers.set("Retry-After", String(err.retryAfterSeconds));
  return res;
}
