"use server";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { listRevisions } from "@/lib/environments/list-revisions";
import { fail, notFoundResult, type ActionResult } from "@/lib/actions/result";
import { serviceErrorResult } from "@/lib/actions/errors";

const PAGE = 100;

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
  env: z.string().min(1).max(100),
  /** Exclusive: revisions older than this one (absent: from the newest). */
  before: z.number().int().positive().optional(),
});

export interface RevisionListItem {
  number: number;
  /** ISO time. */
  created: string;
  author: string;
  authorLogin: string;
  tags: string[];
  retracted?: { replacement: number; reason: string };
}

export interface RevisionPage {
  revisions: RevisionListItem[];
  /** Whether older revisions remain (pass the last number as `before`). */
  more: boolean;
}

/** One page of the environment's revisions, newest first, for the editor's history panel. */
export async function listRevisionsAction(raw: z.input<typeof input>): Promise<ActionResult<RevisionPage>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return fail(400, "Invalid revisions request.");
  const { org, project, env, before } = parsed.data;
  const ctx = await orgContext(org);
  if (!ctx) return notFoundResult();
  try {
    // One more than shown tells whether there is another page.
    const rows = await listRevisions(ctx.actor, ctx.org, project, env, {
      before,
      count: PAGE + 1,
    });
    return {
      ok: true,
      data: {
        revisions: rows.slice(0, PAGE).map((r) => ({
          number: r.number,
          created: r.created.toISOString(),
          author: r.creatorName || r.creatorLogin || "a deleted user",
          authorLogin: r.creatorLogin,
          tags: r.tags,
          ...(r.retracted
            ? { retracted: { replacement: r.retracted.replacement, reason: r.retracted.reason } }
            : {}),
        })),
        more: rows.length > PAGE,
      },
    };
  } catch (err) {
    return serviceErrorResult(err, "list revisions");
  }
}
