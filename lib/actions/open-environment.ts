"use server";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { MAX_DEFINITION_BYTES } from "@/lib/environments/definition-text";
import type { PreviewResult } from "@/components/editor/preview-types";
import { fail, type ActionResult } from "@/lib/actions/result";
import { deniedOutsideOrg } from "@/lib/actions/denied";
import { serviceErrorResult } from "@/lib/actions/errors";
import { openAndKeepValues } from "@/lib/environments/opened-values";
import { toPreview } from "@/lib/actions/to-preview";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
  yaml: z.string(),
});

/**
 * Opens the editor's current text: providers run (e.g. aws-login trades an OIDC token at STS).
 * Secrets are masked on the server, so opened credentials never reach the page in plaintext; the
 * opened values stay on the server (sealed, for this user, briefly) under `openId`, which Reveal
 * reads them from instead of opening again.
 */
export async function openEnvironmentAction(
  raw: z.input<typeof input>,
): Promise<ActionResult<PreviewResult>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid open request.");
  const { org, project, env, yaml } = parsed.data;
  if (Buffer.byteLength(yaml, "utf8") > MAX_DEFINITION_BYTES)
    return fail(413, "The definition is larger than 1 MiB.");

  const ctx = await orgContext(org);
  if (!ctx) return deniedOutsideOrg(org, "environment.open", `${project}/${env} (editor text)`);
  try {
    const result = await openAndKeepValues(ctx.actor, ctx.org, project, env, yaml);
    return {
      ok: true,
      data: {
        ...toPreview(result.environment?.properties, result.diagnostics, `${project}/${env}`, result.environment?.exprs),
        openId: result.openId,
      },
    };
  } catch (err) {
    return serviceErrorResult(err, "open");
  }
}
