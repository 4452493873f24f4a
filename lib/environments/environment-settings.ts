import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { ValidationError } from "./errors";
import { environmentScope } from "./scope";
import type { Actor } from "./types";

export interface EnvironmentSettings {
  deletionProtected: boolean;
}

export async function getEnvironmentSettings(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  db: Db = getDb(),
): Promise<EnvironmentSettings> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "read");
  return { deletionProtected: row.deletionProtected };
}

async function updateEnvironmentSettingsUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  settings: Partial<EnvironmentSettings>,
  db: Db = getDb(),
): Promise<EnvironmentSettings> {
  const { env: row } = await environmentScope(db, actor, orgName, project, env, "admin");
  if (settings.deletionProtected !== undefined && typeof settings.deletionProtected !== "boolean") {
    throw new ValidationError("deletionProtected must be true or false");
  }
  if (settings.deletionProtected === undefined) return { deletionProtected: row.deletionProtected };
  const updated = await db.environment.update({
    where: { id: row.id, orgId: row.orgId },
    data: { deletionProtected: settings.deletionProtected },
    select: { deletionProtected: true },
  });
  return updated;
}

/** `updateEnvironmentSettingsUnaudited`, recorded in the audit trail (success, denied or error). */
export function updateEnvironmentSettings(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  settings: Partial<EnvironmentSettings>,
  db: Db = getDb(),
): Promise<EnvironmentSettings> {
  const asked = settings?.deletionProtected;
  return audited(
    db,
    actor,
    orgName,
    "environment.settings",
    `${project}/${env} deletionProtected=${typeof asked === "boolean" ? asked : "?"}`,
    () => updateEnvironmentSettingsUnaudited(actor, orgName, project, env, settings, db),
    (updated) => ({ target: `${project}/${env} deletionProtected=${updated.deletionProtected}` }),
  );
}
