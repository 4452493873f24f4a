"use server";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/auth";
import { fail, type ActionResult } from "@/lib/actions/result";
import { safeReturnPath } from "@/lib/actions/return-path";
import { isSignInRateLimited } from "@/lib/rate-limit/sign-in";

const input = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(320, "That email address is too long."),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
  next: z.string().max(2048).optional(),
});

/** Signs in with email + password; on success next-auth redirects (a thrown NEXT_REDIRECT). */
export async function signInAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const parsed = input.safeParse({ email: form.get("email") ?? "", password: form.get("password") ?? "", next: form.get("next") || undefined });
  if (!parsed.success) return fail(400, parsed.error.issues[0]?.message ?? "Invalid input.");
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: safeReturnPath(parsed.data.next) });
  } catch (err) {
    if (isSignInRateLimited(err)) return fail(401, "Too many failed sign-ins. Try again in a few minutes.");
    if (err instanceof AuthError) return fail(401, "Wrong email or password.");
    throw err; // the redirect on success
  }
  return { ok: true, data: null };
}
