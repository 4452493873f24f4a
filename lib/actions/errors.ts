// Maps the service layer's errors to action results. Their messages are written to be shown to
// users; anything else is logged by class name only (an error may carry user input or secrets).
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/environments/errors";
import { fail, type ActionResult } from "@/lib/actions/result";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import type { z } from "zod";
import { sentence } from "@/lib/actions/sentence";

export function serviceErrorResult(err: unknown, context: string): ActionResult<never> {
  if (err instanceof NotFoundError) return fail(404, "Not found.");
  if (err instanceof ForbiddenError) return fail(403, sentence(err.message));
  if (err instanceof ConflictError) return fail(409, sentence(err.message));
  if (err instanceof ValidationError) return fail(400, sentence(err.message));
  if (isDatabaseUnavailable(err)) {
    console.error(`[console] ${context} failed: database unavailable`);
    return fail(500, "The database is unavailable right now. Try again in a few seconds.");
  }
  const name = err instanceof Error ? err.constructor.name : typeof err;
  console.error(`[console] ${context} failed: ${name}`);
  return fail(500, "Something went wrong on our side. Please try again.");
}

/** The first message per field of a zod error, and a summary line. */
export function zodErrorResult(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    if (!(key in fieldErrors)) fieldErrors[key] = issue.message;
  }
  const first = Object.values(fieldErrors)[0] ?? "Invalid input.";
  return fail(400, first, fieldErrors);
}
