// `?property=a.b[0]["k"]` on an open session: one Value out of the opened environment.
import type { Value } from "@/lib/esc/contract";
import { parsePropertyPath } from "@/lib/esc/property-path";
import { badRequest, notFound } from "./errors";

/** The Value at `path` in the environment's properties; 400 for bad syntax, 404 when absent. */
export function selectProperty(properties: Record<string, Value> | undefined, path: string): Value {
  let parts: (string | number)[];
  try {
    parts = parsePropertyPath(path);
  } catch (err) {
    throw badRequest(`invalid property path: ${(err as Error).message}`);
  }
  if (parts.length === 0) throw badRequest("invalid property path: it is empty");
  const first = parts[0];
  let current: Value | undefined =
    typeof first === "string" && properties && Object.hasOwn(properties, first)
      ? properties[first]
      : undefined;
  for (const part of parts.slice(1)) {
    if (!current) break;
    const inner: Value["value"] = current.value;
    if (typeof part === "number" && Array.isArray(inner)) current = inner[part];
    else if (
      typeof part === "string" &&
      inner &&
      typeof inner === "object" &&
      !Array.isArray(inner) &&
      Object.hasOwn(inner, part)
    )
      current = inner[part];
    else current = undefined;
  }
  if (!current) throw notFound(`property "${path.slice(0, 200)}" not found`);
  return current;
}
