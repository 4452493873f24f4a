// Errors the REST API answers with, and the mapping from the service layer's errors.
// Every error body is `{code, message}` (plus `diagnostics` for evaluation errors), the shape
// the official SDK and the Go CLI read. Messages are safe to show: they never carry secrets.
import type { Diagnostic } from "@/lib/esc/contract";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly diagnostics?: Diagnostic[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const unauthorized = () => new ApiError(401, "Unauthorized: No credentials provided or are invalid.");
export const notFound = (what = "not found") => new ApiError(404, what);
export const badRequest = (message: string) => new ApiError(400, message);

/** The error body the clients parse. */
export function errorBody(status: number, message: string, diagnostics?: Diagnostic[]) {
  return diagnostics && diagnostics.length > 0
    ? { code: status, message, diagnostics }
    : { code: status, message };
}

const serviceErrorStatus: Record<string, number> = {
  NotFoundError: 404,
  ConflictError: 409,
  ValidationError: 400,
  ForbiddenError: 403,
};

/**
 * Maps an error thrown by the service layer to an ApiError, or returns null for an unexpected
 * error (answered as a 500 whose message reveals nothing). Matching on the class name keeps
 * this module independent of where the service layer's error classes live.
 */
export function toApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (err instanceof Error) {
    const status = serviceErrorStatus[err.name] ?? serviceErrorStatus[err.constructor?.name ?? ""];
    if (status) {
      const diagnostics = (err as { diagnostics?: Diagnostic[] }).diagnostics;
      return new ApiError(status, err.message, Array.isArray(diagnostics) ? diagnostics : undefined);
    }
  }
  return null;
}
