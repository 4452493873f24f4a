"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { addMember } from "@/lib/orgs/add-member";
import { NotFoundError } from "@/lib/environments/errors";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult, zodErrorResult } from "@/lib/actions/errors";

const input = z.object({
  org: z.string().min(1).max(100),
  email: z.string().trim().min(1, "Enter the email address of an existing user.").max(320, "That email address is too long."),
  role: z.enum(["admin", "member"], { message: "Choose a role: admin or member." }),
});

/** Adds an existing user (by email) to the organization. Admins only. */
export async function addMemberAction(_prev: ActionResult<{ email: string }> | null, form: FormData): Promise<ActionResult<{ email: string }>> {
  const parsed = input.safeParse({ org: form.get("org") ?? "", email: form.get("email") ?? "", role: form.get("role") ?? "" });
  if (!parsed.success) return zodErrorResult(parsed.error);
  const { org, email, role } = parsed.data;

  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  if (ctx.role !== "admin") return fail(403, "Only organization admins can add members.");
  try {
    await addMember(ctx.actor, ctx.org, email, role);
  } catch (err) {
    // Membership was checked above, so "not found" here is about the email.
    if (err instanceof NotFoundError) return fail(404, "No account uses this email address. Ask them to sign up first.", { email: "No account uses this email address." });
    return serviceErrorResult(err, "add member");
  }
  revalidatePath(`/${encodeURIComponent(ctx.org)}/settings/members`);
  return { ok: true, data: { email } };
}
