"use server";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { editorDraftKey } from "@/lib/environments/draft-key";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
});

/**
 * The key (base64) the editor encrypts its draft of this environment with before keeping it in
 * browser storage (see lib/environments/draft-key.ts). The browser holds it in memory only.
 */
export async function editorDraftKeyAction(raw: z.input<typeof input>): Promise<ActionResult<string>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid draft key request.");
  const { org, project, env } = parsed.data;
  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  try {
    const key = await editorDraftKey(ctx.actor, ctx.org, project, env);
    return { ok: true, data: Buffer.from(key).toString("base64") };
  } catch (err) {
    return serviceErrorResult(err, "draft key");
  }
}
