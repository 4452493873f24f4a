// The service layer's errors. Each message is safe to show to the caller as is (no secrets, no
// internals); transports map the class to a status (`name` is set so they can match on it).
import type { Diagnostic } from "@/lib/esc/contract";

/** The thing does not exist, or the caller may not know that it exists (same message either way). */
export class NotFoundError extends Error {
  constructor(message = "not found") {
    super(message);
    this.name = "NotFoundError";
  }
}

/** The request collides with the current state: a name taken, a stale etag, a concurrent write. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** The input is malformed or breaks a rule; `diagnostics` carries evaluator findings, if any. */
export class ValidationError extends Error {
  constructor(
    message: string,
    readonly diagnostics?: Diagnostic[],
  ) {
    super(message);
    this.name = "ValidationError";
  }
}

/** The caller is a member but lacks the role for this action. */
export class ForbiddenError extends Error {
  constructor(message = "you do not have permission to do this") {
    super(message);
    this.name = "ForbiddenError";
  }
}
