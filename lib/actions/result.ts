// The shape every server action of the console answers with: data on success, or one
// user-facing message (plus per-field messages for forms). `status` mirrors HTTP so callers
// and tests can tell "not found" (also: not a member) from "invalid" and "conflict".
export type ActionResult<T = null> =
  | { ok: true; data: T }
  | { ok: false; status: 400 | 401 | 403 | 404 | 409 | 413 | 500; error: string; fieldErrors?: Record<string, string> };

export function fail(status: 400 | 401 | 403 | 404 | 409 | 413 | 500, error: string, fieldErrors?: Record<string, string>): ActionResult<never> {
  return fieldErrors ? { ok: false, status, error, fieldErrors } : { ok: false, status, error };
}

export const notFoundResult = (): ActionResult<never> => fail(404, "Not found.");
