import { getDb, type Db } from "@/lib/db/client";
import { audited } from "./audit";
import { isUniqueViolation, retryOnWriteConflict } from "@/lib/db/errors";
import { getOrgCrypter } from "@/lib/crypto/org-crypter";
import { ConflictError } from "./errors";
import { checkDefinitionText, encryptDefinition } from "./definition-text";
import { environmentEtag } from "./etag";
import { newEnvironmentId } from "./new-environment-id";
import { validateEnvironmentName, validateProjectName } from "./names";
import { creatorGrant } from "@/lib/orgs/permissions";
import { environmentCreationScope } from "./scope";
import type { Actor } from "./types";

/** What a new environment holds when no definition is given (what the console shows first). */
export const NEW_ENVIRONMENT_YAML = `# Values defined here are available to anyone who opens this environment.
# Import other environments with \`imports:\`, mark secrets with \`fn::secret\`.
values: {}
`;

/** Creates `project/name` in `orgName` with revision 1. ConflictError if it exists. */
async function createEnvironmentUnaudited(
  actor: Actor,
  orgName: string,
  project: string,
  name: string,
  yaml: string = NEW_ENVIRONMENT_YAML,
  db: Db = getDb(),
): Promise<{
  id: string;
  organization: string;
  project: string;
  name: string;
  revision: number;
  etag: string;
}> {
  const membership = await environmentCreationScope(db, actor, orgName);
  validateProjectName(project);
  validateEnvironmentName(name);
  // Its secrets are encrypted bound to the environment's id, so the id is chosen first.
  const id = newEnvironmentId();
  const stored = await encryptDefinition(
    checkDefinitionText(yaml),
    (await getOrgCrypter(db, membership.orgId)).forEnvironment(id),
  );
  try {
    const env = await retryOnWriteConflict(() =>
      db.environment.create({
        data: {
          id,
          orgId: membership.orgId,
          project,
          name,
          revisions: { create: { number: 1, yaml: stored, authorId: actor.userId } },
          permissions: creatorGrant(membership.role, actor.userId),
        },
        select: { id: true },
      }),
    );
    return {
      id: env.id,
      organization: membership.orgName,
      project,
      name,
      revision: 1,
      etag: environmentEtag(env.id, 1),
    };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`environment "${project}/${name}" already exists`);
    throw error;
  }
}

/** `createEnvironmentUnaudited`, recorded in the audit trail (success, denied or error). */
export function createEnvironment(
  actor: Actor,
  orgName: string,
  project: string,
  name: string,
  yaml: string = NEW_ENVIRONMENT_YAML,
  db: Db = getDb(),
): ReturnType<typeof createEnvironmentUnaudited> {
  return audited(db, actor, orgName, "environment.create", `${project}/${name}`, () =>
    createEnvironmentUnaudited(actor, orgName, project, name, yaml, db),
  );
}
