import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { ConflictError } from "./errors";
import { environmentScope } from "./scope";
import type { Actor } from "./types";

/** Deletes `project/env` with its revisions, tags and open sessions, unless it is deletion-protected. */
async function deleteEnvironmentUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  db: Db = getDb(),
): Promise<void> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "admin");
  if (row.deletionProtected) {
    throw new ConflictError("the environment is protected from deletion; turn deletion protection off first");
  }
  // Scoped by org id and protection flag again, so a concurrent settings change cannot be skipped.
  const { count } = await db.environment.deleteMany({
    where: { id: row.id, orgId: row.orgId, deletionProtected: false },
  });
  if (count === 0)
    throw new ConflictError("the environment is protected from deletion; turn deletion protection off first");
}

/** `deleteEnvironmentUnaudited`, recorded in the audit trail (success, denied or error). */
export function deleteEnvironment(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  db: Db = getDb(),
): Promise<void> {
  return audited(db, actor, orgName, "environment.delete", `${project}/${env}`, () =>
    deleteEnvironmentUnaudited(actor, orgName, project, env, db),
  );
}
