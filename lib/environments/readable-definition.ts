import { getDb, type Db } from "@/lib/db/client";
import { decryptEnvironment } from "./decrypt-environment";
import { ForbiddenError } from "./errors";
import { getEnvironment } from "./get-environment";
import type { Version } from "./resolve-version";
import type { Actor, EnvironmentDefinition } from "./types";

export interface ReadableDefinition extends EnvironmentDefinition {
  /** Whether `fn::secret` values are plaintext (the caller may decrypt) or still ciphertext. */
  plaintext: boolean;
}

/**
 * The definition at `version` as the actor may see it: secrets in plaintext for those allowed to
 * decrypt (the console edits plaintext), as stored (ciphertext) for those who may only read.
 */
export async function readableDefinition(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version?: Version,
  db: Db = getDb(),
): Promise<ReadableDefinition> {
  try {
    return { ...(await decryptEnvironment(actor, orgName, project, env, version, db)), plaintext: true };
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    return { ...(await getEnvironment(actor, orgName, project, env, version, db)), plaintext: false };
  }
}
