"use server";
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { z } from "zod";
import { signIn } from "@/auth";
import { requestContextFrom } from "@/lib/audit/request-context";
import { createUser, verifyCredentials } from "@/lib/auth/users";
import { createOrganization } from "@/lib/orgs/create-organization";
import { listMemberships } from "@/lib/orgs/memberships";
import { ConflictError, ValidationError } from "@/lib/environments/errors";
import { fail, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult, zodErrorResult } from "@/lib/actions/errors";
import { orgNameSchema } from "@/lib/actions/org-name";

const input = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Names are at most 100 characters."),
  email: z.string().trim().max(320, "That email address is too long.").pipe(z.email("Enter a valid email address.")),
  password: z.string().min(8, "Use at least 8 characters for your password.").max(1024, "Passwords are at most 1024 characters."),
  org: orgNameSchema,
});

/**
 * Creates the account and its first organization, then signs in. If the organization step
 * fails (name taken), the account exists already; submitting again with the same email and
 * password continues where it stopped instead of answering "email taken".
 */
export async function signUpAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const parsed = input.safeParse({
    name: form.get("name") ?? "",
    email: form.get("email") ?? "",
    password: form.get("password") ?? "",
    org: form.get("org") ?? "",
  });
  if (!parsed.success) return zodErrorResult(parsed.error);
  const { name, email, password, org } = parsed.data;

  let userId: string;
  try {
    userId = (await createUser({ email, password, name })).id;
  } catch (err) {
    if (!(err instanceof ConflictError)) return signUpError(err, "sign-up");
    const existing = await verifyCredentials(email, password);
    if (!existing || (await listMemberships(existing.id)).length > 0) {
      return fail(409, "An account with this email already exists. Sign in instead.", { email: "An account with this email already exists." });
    }
    userId = existing.id;
  }

  try {
    await createOrganization({ userId, request: requestContextFrom(await headers()) }, org);
  } catch (err) {
    if (err instanceof ConflictError) return fail(409, `The organization name "${org}" is taken. Choose another.`, { org: "This organization name is taken." });
    return signUpError(err, "create organization");
  }

  try {
    await signIn("credentials", { email, password, redirectTo: `/${encodeURIComponent(org)}/environments` });
  } catch (err) {
    if (err instanceof AuthError) return fail(500, "Your account was created, but signing in failed. Try signing in.");
    throw err; // the redirect on success
  }
  return { ok: true, data: null };
}

function signUpError(err: unknown, context: string): ActionResult<never> {
  if (err instanceof ValidationError) return fail(400, err.message);
  return serviceErrorResult(err, context);
}
