"use server";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { readableDefinition } from "@/lib/environments/readable-definition";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
  version: z.union([z.number().int().positive(), z.literal("latest")]),
});

export interface RevisionDefinition {
  revision: number;
  latestRevision: number;
  /** The ETag of the newest revision (what a save on top of it must send). */
  etag: string;
  yaml: string;
  /** False when the caller may read but not decrypt: secrets are shown as ciphertext. */
  plaintext: boolean;
  /** Set when the revision was retracted: `yaml` is then its replacement's. */
  retractedFor?: number;
}

/**
 * A revision's definition for the history panel and the save-conflict diff: secrets in plaintext
 * for callers allowed to decrypt (like the editor's own text), ciphertext otherwise.
 */
export async function getRevisionAction(
  raw: z.input<typeof input>,
): Promise<ActionResult<RevisionDefinition>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid revision request.");
  const { org, project, env, version } = parsed.data;
  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  const actor = ctx.actor;
  try {
    let definition = await readableDefinition(actor, ctx.org, project, env, version);
    // "latest" must come back with the ETag of the very revision shown, or a save on top of it
    // could overwrite a revision the user never saw; a save in between the two reads: read again.
    for (
      let tries = 0;
      version === "latest" && definition.revision !== definition.latestRevision && tries < 3;
      tries++
    ) {
      definition = await readableDefinition(actor, ctx.org, project, env, version);
    }
    if (version === "latest" && definition.revision !== definition.latestRevision)
      return fail(409, "The environment is changing quickly; try again.");
    return {
      ok: true,
      data: {
        revision: definition.revision,
        latestRevision: definition.latestRevision,
        etag: definition.etag,
        yaml: definition.yaml,
        plaintext: definition.plaintext,
        ...(definition.retracted ? { retractedFor: definition.retracted.replacement } : {}),
      },
    };
  } catch (err) {
    return serviceErrorResult(err, "get revision");
  }
}
