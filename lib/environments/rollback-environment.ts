import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { getEnvironment } from "./get-environment";
import type { Version } from "./resolve-version";
import type { Actor } from "./types";
import { updateEnvironment } from "./update-environment";

export interface RollbackResult {
  /** The revision whose definition was restored. */
  restored: number;
  /** The new revision holding it. */
  revision: number;
  etag: string;
}

/**
 * Rolls `project/env` back to `version`: its definition is stored again as a new revision on top
 * of the newest one, so history is never rewritten (the CLI's `version rollback` does the same over
 * REST: GET the version, PATCH it back). The definition is copied as stored, secrets still
 * ciphertext, so rolling back needs the right to read and to write, not to decrypt. A retracted
 * revision reads as its replacement, so that is what rolling back to it restores.
 *
 * With `expectedEtag`, only if nothing was saved since the caller looked; without, the newest
 * revision at the time the old one was read must still be the newest (a concurrent save between
 * the read and the write is a ConflictError, never silently built upon).
 */
export function rollbackEnvironment(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version: Version,
  options: { expectedEtag?: string } = {},
  db: Db = getDb(),
): Promise<RollbackResult> {
  return audited(
    db,
    actor,
    orgName,
    "environment.rollback",
    `${project}/${env}@${String(version).slice(0, 100)}`,
    async () => {
      const old = await getEnvironment(actor, orgName, project, env, version, db);
      const saved = await updateEnvironment(
        actor,
        orgName,
        project,
        env,
        old.yaml,
        { expectedEtag: options.expectedEtag ?? old.etag },
        db,
      );
      return { restored: old.revision, revision: saved.revision, etag: saved.etag };
    },
    // The save itself is audited as environment.update; this entry says where it came from.
    (r) => ({ target: `${project}/${env}@${r.revision} from @${r.restored}` }),
  );
}
