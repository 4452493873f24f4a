"use server";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import type { PlainValue } from "@/lib/esc/contract";
import { MAX_DEFINITION_BYTES } from "@/lib/environments/definition-text";
import { revealEnvironmentValue } from "@/lib/environments/reveal-value";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
  yaml: z.string(),
  path: z
    .array(z.union([z.string().max(1000), z.number().int().nonnegative()]))
    .min(1)
    .max(100),
  /** Reveal from the values the editor's Open kept under this id (see openEnvironmentAction). */
  openId: z.string().min(1).max(100).optional(),
});

/**
 * The plaintext of one value the preview shows masked, for a caller with "open" permission on
 * the environment (checked and audited by the service). Only that value is sent back.
 */
export async function revealValueAction(
  raw: z.input<typeof input>,
): Promise<ActionResult<{ value: PlainValue }>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid reveal request.");
  const { org, project, env, yaml, path, openId } = parsed.data;
  if (Buffer.byteLength(yaml, "utf8") > MAX_DEFINITION_BYTES)
    return fail(413, "The definition is larger than 1 MiB.");

  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  try {
    const value = await revealEnvironmentValue(ctx.actor, ctx.org, project, env, { yaml, path, openId });
    return { ok: true, data: { value } };
  } catch (err) {
    return serviceErrorResult(err, "reveal");
  }
}
