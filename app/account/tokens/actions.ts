"use server";
// Server actions of /account/tokens: create (the token is returned once, never stored) and revoke.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createAccessToken, MAX_DESCRIPTION_LENGTH, revokeAccessToken } from "@/lib/auth/access-tokens";
import { currentUser, sessionActor } from "@/lib/auth/session";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";

const DAY_MS = 86_400_000;

const createInput = z.object({
  description: z.string().trim().min(1, "Describe what the token is for.").max(MAX_DESCRIPTION_LENGTH, `At most ${MAX_DESCRIPTION_LENGTH} characters.`),
  expiresInDays: z.enum(["never", "7", "30", "90", "365"], { message: "Choose an expiry." }),
});

export async function createTokenAction(_prev: unknown, form: FormData): Promise<ActionResult<{ token: string; description: string }>> {
  const user = await currentUser();
  if (!user) return fail(401, "Your session has ended. Sign in again.");
  const parsed = createInput.safeParse({ description: form.get("description") ?? "", expiresInDays: form.get("expiresInDays") ?? "" });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(400, issue.message, { [String(issue.path[0])]: issue.message });
  }
  const { description, expiresInDays } = parsed.data;
  const expiresAt = expiresInDays === "never" ? null : new Date(Date.now() + Number(expiresInDays) * DAY_MS);
  const { token } = await createAccessToken(await sessionActor(user), { description, expiresAt });
  revalidatePath("/account/tokens");
  return { ok: true, data: { token, description } };
}

export async function revokeTokenAction(id: string): Promise<ActionResult> {
  const user = await currentUser();
  if (!user) return fail(401, "Your session has ended. Sign in again.");
  if (typeof id !== "string" || id.length === 0 || id.length > 100) return notFoundResult();
  if (!(await revokeAccessToken(await sessionActor(user), id))) return notFoundResult();
  revalidatePath("/account/tokens");
  return { ok: true, data: null };
}
