// The preview tree (secrets already masked by the server) as plain JSON for the JSON and YAML
// views: masks in the words the CLI prints (lib/esc/masks.ts), except values the user revealed.
import type { PlainValue } from "@/lib/esc/contract";
import { SECRET_MASK, UNKNOWN_MASK } from "@/lib/esc/masks";
import type { PreviewNode } from "@/components/editor/preview-types";

export type ValuePath = (string | number)[];

/** What the text views show for a value that could not be computed (the CLI refuses to open those). */
export const ERROR_MASK = "[error]";

/** A stable key for a value's path (keys may contain any character). */
export const pathKey = (path: ValuePath): string => JSON.stringify(path);

/** Where a projected variable or file lives in the values. */
export const variablePath = (name: string): ValuePath => ["environmentVariables", name];
export const filePath = (name: string): ValuePath => ["files", name];

/** A number the server kept as text becomes a number again when it reads back the same. */
function number(text: string): number | string {
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text ? n : text;
}

export function previewToPlain(
  node: PreviewNode,
  revealed: ReadonlyMap<string, PlainValue>,
  path: ValuePath = [],
): PlainValue {
  switch (node.t) {
    case "object": {
      const out: { [k: string]: PlainValue } = {};
      for (const [key, child] of node.entries) out[key] = previewToPlain(child, revealed, [...path, key]);
      return out;
    }
    case "array":
      return node.items.map((child, i) => previewToPlain(child, revealed, [...path, i]));
    case "string":
      return node.v;
    case "number":
      return number(node.v);
    case "bool":
      return node.v;
    case "null":
      return null;
    case "secret": {
      const key = pathKey(path);
      return revealed.has(key) ? (revealed.get(key) as PlainValue) : SECRET_MASK;
    }
    case "unknown":
      return UNKNOWN_MASK;
    case "error":
      return ERROR_MASK;
  }
}

/** A revealed value as an environment variable would hold it (the ToString of a scalar). */
export function plainToText(value: PlainValue): string {
  if (value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
