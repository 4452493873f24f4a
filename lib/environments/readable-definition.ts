import { getDb, type Db } from "@/lib/db/client";
import { allows } from "@/lib/orgs/permissions";
import { decryptEnvironment } from "./decrypt-environment";
import { getEnvironment } from "./get-environment";
import type { Version } from "./resolve-version";
import type { Actor, EnvironmentDefinition } from "./types";

export interface ReadableDefinition extends EnvironmentDefinition {
  /** Whether `fn::secret` values are plaintext (the caller may decrypt) or still ciphertext. */
  plaintext: boolean;
}

/**
 * The definition at `version` as the actor may see it: secrets in plaintext for those allowed to
 * decrypt ("open"; the console edits plaintext, and that decrypt is audited), as stored
 * (ciphertext) for those who may only read. Asking first, rather than trying to decrypt, keeps
 * read-only users' browsing out of the audit trail as denied decrypts.
 */
export async function readableDefinition(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version?: Version,
  db: Db = getDb(),
): Promise<ReadableDefinition> {
  const stored = await getEnvironment(actor, orgName, project, env, version, db);
  if (!allows(stored.permission, "open")) return { ...stored, plaintext: false };
  // The same revision by number: a tag or `latest` could have moved in between.
  return { ...(await decryptEnvironment(actor, orgName, project, env, stored.revision, db)), plaintext: true };
}
