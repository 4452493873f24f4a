// Route parameters and query strings of the ESC API, validated with zod.
import { z } from "zod";
import { badRequest } from "./errors";

export interface EnvRef {
  org: string;
  project: string;
  env: string;
}

export type EnvParams = { org: string; project: string; env: string };

/** Next hands dynamic segments over still percent-encoded in some cases; decode exactly once. */
function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function envRef(p: EnvParams): EnvRef {
  return { org: decodeSegment(p.org), project: decodeSegment(p.project), env: decodeSegment(p.env) };
}

export function segment(s: string): string {
  return decodeSegment(s);
}

/** An optional non-negative integer query parameter (`before`, `count`). */
export function intQuery(
  url: URL,
  name: string,
  opts: { min?: number; max?: number } = {},
): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  const parsed = z.coerce
    .number()
    .int()
    .min(opts.min ?? 0)
    .max(opts.max ?? Number.MAX_SAFE_INTEGER)
    .safeParse(raw);
  if (!parsed.success)
    throw badRequest(
      `invalid ${name} "${raw.slice(0, 40)}": expected a whole number${opts.max ? ` up to ${opts.max}` : ""}`,
    );
  return parsed.data;
}

export function boolQuery(url: URL, name: string): boolean {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return false;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw badRequest(`invalid ${name} "${raw.slice(0, 40)}": expected true or false`);
}

/** A revision number or a revision tag name, as in `…/versions/{version}`. */
export function versionParam(raw: string): number | string {
  const v = decodeSegment(raw);
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 1) throw badRequest(`invalid revision "${v.slice(0, 40)}"`);
    return n;
  }
  return v;
}

export const createEnvironmentBody = z.object({
  project: z.string().optional(),
  name: z.string(),
});

export const cloneBody = z.object({
  project: z.string().optional(),
  name: z.string(),
  preserveHistory: z.boolean().optional(),
  preserveAccess: z.boolean().optional(),
  preserveEnvironmentTags: z.boolean().optional(),
  preserveRevisionTags: z.boolean().optional(),
});

export const revisionTagBody = z.object({
  name: z.string().min(1),
  revision: z.number().int().min(1).optional(),
});
export const revisionTagUpdateBody = z.object({ revision: z.number().int().min(1) });
export const envTagBody = z.object({ name: z.string().min(1), value: z.string() });
export const envTagUpdateBody = z.object({
  currentTag: z.object({ value: z.string() }),
  newTag: z.object({ name: z.string().min(1), value: z.string() }),
});
export const settingsBody = z.object({ deletionProtected: z.boolean().optional() });
export const retractBody = z.object({
  replacement: z.number().int().min(1).optional(),
  reason: z.string().max(1000).optional(),
});
