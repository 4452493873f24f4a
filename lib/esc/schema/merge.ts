// Schema of a value merged over a base (SEMANTICS §5.2): object over object is a record of
// merged property schemas; anything else takes the top schema.
import { Schema } from "./schema";

export function mergedSchema(base: Schema | undefined, top: Schema): Schema {
  if (!base || top.type !== "object" || base.type !== "object") return top;
  const record = new Map<string, Schema>();
  for (const [k, s] of base.properties ?? []) record.set(k, s);
  for (const [k, s] of top.properties ?? []) {
    const b = record.get(k);
    record.set(k, b ? mergedSchema(b, s) : s);
  }
  let additional = top.additionalProperties;
  if (base.additionalProperties) additional = additional ? Schema.always() : base.additionalProperties;
  const out = Schema.record(record);
  out.additionalProperties = additional;
  return out;
}
