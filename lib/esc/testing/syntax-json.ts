// Converts our syntax tree to the reference's `decoded.json` Node shape (yaml-encoding corpus).
import type { Range } from "../contract";
import type { SyntaxNode } from "../syntax";

export type DecodedNode = {
  literal?: unknown;
  array?: DecodedNode[];
  object?: { key: DecodedNode; value: DecodedNode }[];
  range?: unknown;
};

export function goRange(r: Range | undefined): unknown {
  if (!r) return undefined;
  return {
    Filename: r.environment ?? "",
    Start: { Line: r.begin.line, Column: r.begin.column, Byte: r.begin.byte },
    End: { Line: r.end.line, Column: r.end.column, Byte: r.end.byte },
  };
}

export function syntaxToJSON(n: SyntaxNode): DecodedNode {
  const out: DecodedNode = {};
  switch (n.kind) {
    case "null":
      break;
    case "boolean":
      out.literal = n.value;
      break;
    case "number":
      out.literal = n.value;
      break;
    case "string":
      out.literal = n.value;
      break;
    case "array":
      if (n.elements.length > 0) out.array = n.elements.map(syntaxToJSON);
      break;
    case "object":
      if (n.entries.length > 0)
        out.object = n.entries.map((e) => ({ key: syntaxToJSON(e.key), value: syntaxToJSON(e.value) }));
      break;
  }
  if (n.range) out.range = goRange(n.range);
  return out;
}
