import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { getOrgCrypter } from "@/lib/crypto/org-crypter";
import { decryptSecrets, SecretRewriteError } from "@/lib/esc/crypt";
import { ValidationError } from "./errors";
import { getEnvironment } from "./get-environment";
import type { Version } from "./resolve-version";
import type { Actor, EnvironmentDefinition } from "./types";

/** getEnvironment with every `fn::secret` shown as plaintext (the "show secrets" view); needs "open". */
async function decryptEnvironmentUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version?: Version,
  db: Db = getDb(),
): Promise<EnvironmentDefinition> {
  const definition = await getEnvironment(actor, orgName, project, env, version, db, "open");
  try {
    const crypter = (await getOrgCrypter(db, definition.orgId)).forEnvironment(definition.id);
    const yaml = await decryptSecrets(definition.yaml, crypter);
    return { ...definition, yaml };
  } catch (error) {
    if (error instanceof SecretRewriteError) throw new ValidationError(error.message);
    throw error;
  }
}

/** `decryptEnvironmentUnaudited`, recorded in the audit trail (success, denied or error). */
export function decryptEnvironment(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version?: Version,
  db: Db = getDb(),
): Promise<EnvironmentDefinition> {
  return audited(
    db,
    actor,
    orgName,
    "environment.decrypt",
    `${project}/${env}${version === undefined ? "" : `@${String(version).slice(0, 100)}`}`,
    () => decryptEnvironmentUnaudited(actor, orgName, project, env, version, db),
    (definition) => ({ target: `${project}/${env}@${definition.revision}` }),
  );
}
