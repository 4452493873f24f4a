// Shapes shared by the CLI's modules. Values follow lib/esc/contract.ts (recursive Value trees).
export type { Value } from "@/lib/esc/contract";
import type { Value } from "@/lib/esc/contract";

/** A fully resolved environment reference. */
export interface EnvRef {
  org: string;
  project: string;
  env: string;
  /** Revision number or tag, when the user wrote `name@version`. */
  version?: string;
}

/** The body of GET open/{id} and of yaml/check. */
export interface EnvironmentValue {
  properties?: Record<string, Value>;
  exprs?: unknown;
  schema?: unknown;
}
