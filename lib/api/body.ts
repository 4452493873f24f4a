// Request bodies: size-bounded reads, YAML whatever the Content-Type, JSON validated with zod.
import type { z } from "zod";
import { ApiError, badRequest } from "./errors";

/** Environment definitions and JSON bodies above this size are refused with 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the body as UTF-8 text, stopping as soon as it exceeds `limit` bytes so an oversized or
 * endless upload cannot exhaust memory. The Go CLI sends YAML as application/json, so the
 * Content-Type is deliberately ignored.
 */
export async function readTextBody(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw badRequest("the request body is not valid UTF-8");
  }
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, `the request body is larger than the limit of ${Math.round(limit / 1024)} KiB`);
}

/** Reads a JSON body and validates it; every failure is a 400 naming the offending field. */
export async function readJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = await readTextBody(req);
  let data: unknown;
  try {
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw badRequest("the request body is not valid JSON");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw badRequest(`invalid request body: ${where}${issue.message}`);
  }
  return parsed.data;
}
