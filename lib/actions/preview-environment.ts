"use server";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { MAX_DEFINITION_BYTES } from "@/lib/environments/definition-text";
import type { PreviewResult } from "@/components/editor/preview-types";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";
import { checkDefinition } from "@/lib/actions/check-definition";
import { toPreview } from "@/lib/actions/to-preview";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
  yaml: z.string(),
});

/** Evaluates (checks) the editor's current text for the preview pane; secrets come back masked. */
export async function previewEnvironmentAction(raw: z.input<typeof input>): Promise<ActionResult<PreviewResult>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid preview request.");
  const { org, project, env, yaml } = parsed.data;
  if (Buffer.byteLength(yaml, "utf8") > MAX_DEFINITION_BYTES) return fail(413, "The definition is larger than 1 MiB; the preview is off until it is smaller.");

  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  try {
    const result = await checkDefinition(ctx, project, env, yaml);
    return { ok: true, data: toPreview(result.environment?.properties, result.diagnostics, `${project}/${env}`, result.environment?.exprs) };
  } catch (err) {
    return serviceErrorResult(err, "preview");
  }
}
