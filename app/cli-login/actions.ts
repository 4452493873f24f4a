"use server";
// Approving a CLI login: creates an access token for the signed-in user and returns it to the
// page, which posts it to the CLI's loopback listener. The token is returned once, in the action's
// response body; it is never put in a URL, stored in plain text or logged.
import { createAccessToken } from "@/lib/auth/access-tokens";
import { currentUser, sessionActor } from "@/lib/auth/session";
import { fail, type ActionResult } from "@/lib/actions/result";
import { parseCliLoginRequest } from "./request";

export async function approveCliLoginAction(
  port: unknown,
  nonce: unknown,
): Promise<ActionResult<{ token: string }>> {
  const user = await currentUser();
  if (!user) return fail(401, "Your session has ended. Sign in again.");
  // Server actions are public endpoints: the values are checked again here, not trusted from the page.
  const req = parseCliLoginRequest(typeof port === "number" ? String(port) : port, nonce);
  if ("error" in req) return fail(400, req.error);
  const date = new Date().toISOString().slice(0, 10);
  const { token } = await createAccessToken(await sessionActor(user), { description: `esc CLI login (${date})` });
  return { ok: true, data: { token } };
}
