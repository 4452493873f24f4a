// Response builders shared by the route handlers, so status codes and headers are uniform.
import { stringify, parse } from "yaml";
import { errorBody } from "./errors";
import { textResponse } from "@/lib/http/text-response";
import type { Diagnostic } from "@/lib/esc/contract";

export function json(data: unknown, status = 200, headers?: Record<string, string>): Response {
  return jsonText(JSON.stringify(data), status, headers);
}

/** A response whose body is already JSON text. */
export function jsonText(text: string, status = 200, headers?: Record<string, string>): Response {
  return textResponse(text, {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

export function noContent(status = 204): Response {
  return new Response(null, { status, headers: { "Cache-Control": "no-store" } });
}

export function errorResponse(status: number, message: string, diagnostics?: Diagnostic[]): Response {
  return json(errorBody(status, message, diagnostics), status);
}

/** Headers the Go CLI requires on environment reads and successful updates. */
export function revisionHeaders(revision: number, etag?: string): Record<string, string> {
  const headers: Record<string, string> = { "Pulumi-ESC-Revision": String(revision) };
  if (etag) headers.ETag = etag;
  return headers;
}

/**
 * A YAML definition as the clients expect it. axios tries JSON.parse on every text body, so a
 * definition that happens to be valid JSON (flow style) would reach the SDK's yaml.load as an
 * object; such text is re-emitted in block style, and a document that is still JSON after that
 * (an empty map) gets a leading document marker.
 */
export function toBlockYaml(text: string): string {
  if (!isJson(text)) return text;
  let out = stringify(parse(text), { collectionStyle: "block" });
  if (isJson(out)) out = `---\n${out}`;
  return out;
}

/** How any JSON text starts, after JSON's own whitespace (a block-style definition never does). */
const JSON_START = /^[ \t\n\r]*[{["\-0-9tfn]/;

function isJson(text: string): boolean {
  // Checked first: a parse that fails costs an exception, on every read of a definition.
  if (!JSON_START.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function yamlResponse(text: string, headers?: Record<string, string>, status = 200): Response {
  return textResponse(toBlockYaml(text), {
    status,
    headers: { "Content-Type": "application/x-yaml", "Cache-Control": "no-store", ...headers },
  });
}
