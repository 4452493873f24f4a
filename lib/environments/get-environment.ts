import { getDb, type Db } from "@/lib/db/client";
import { NotFoundError } from "./errors";
import { environmentEtag } from "./etag";
import { resolveVersion, type Version } from "./resolve-version";
import { retractionOf, retractionSelect } from "./retraction";
import { ORG_KEY, type StoredOrgKey } from "@/lib/crypto/org-crypter";
import { NEWEST_REVISION, type RevisionRow } from "./newest-revision-sql";
import { environmentScope, latestRevisionNumber, type ScopedEnvironment } from "./scope";
import type { Actor, EnvironmentDefinition } from "./types";
import type { EnvironmentPermission } from "@/lib/orgs/permissions";
import type { MembershipInfo } from "@/lib/orgs/memberships";

/**
 * The stored definition of `project/env` at `version` (default: the newest revision), secrets
 * as ciphertext. `etag` always identifies the newest revision, the one an update must start from.
 * Needs "read"; callers that go on to reveal values (decrypt, open) pass the level they need.
 */
export async function getEnvironment(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version?: Version,
  db: Db = getDb(),
  need: EnvironmentPermission = "read",
): Promise<EnvironmentDefinition> {
  return (await readEnvironment(actor, orgName, project, env, version, db, need)).definition;
}

/**
 * getEnvironment, with the caller's membership found on the way and, with `withOrgKey`, the
 * organization's stored key (read in the same statement, for getOrgCrypter).
 */
export async function readEnvironment(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version: Version | undefined,
  db: Db,
  need: EnvironmentPermission,
  withOrgKey = false,
): Promise<{ definition: EnvironmentDefinition; membership: MembershipInfo; orgKey?: StoredOrgKey }> {
  // The usual read, the newest revision, takes one statement with the permission check: it is
  // also the revision the etag names.
  const newest = version === undefined || version === "latest" || version === "";
  const key = withOrgKey ? ORG_KEY : undefined;
  let scope: ScopedEnvironment & { joined: { key?: StoredOrgKey } };
  let row: RevisionRow | null;
  if (newest) {
    const scoped = await environmentScope(db, actor, orgName, project, env, need, {
      newest: NEWEST_REVISION,
      key,
    });
    scope = scoped;
    row = scoped.joined.newest;
  } else {
    scope = await environmentScope(db, actor, orgName, project, env, need, { key });
    row = await db.revision.findUnique({
      where: {
        environmentId_number: {
          environmentId: scope.env.id,
          number: await resolveVersion(db, scope.env.id, version),
        },
      },
      select: { number: true, yaml: true, createdAt: true, ...retractionSelect },
    });
  }
  if (!row)
    throw new NotFoundError(
      newest ? "the environment has no revisions" : `revision ${String(version)} not found`,
    );
  const yaml = row.retractedAt ? await replacementYaml(db, scope.env.id, row.retractedReplacement) : row.yaml;
  const latest = newest ? row.number : await latestRevisionNumber(db, scope.env.id);
  const definition: EnvironmentDefinition = {
    id: scope.env.id,
    orgId: scope.env.orgId,
    organization: scope.membership.orgName,
    project: scope.env.project,
    name: scope.env.name,
    yaml,
    revision: row.number,
    latestRevision: latest,
    etag: environmentEtag(scope.env.id, latest),
    created: scope.env.createdAt,
    modified: row.createdAt,
    deletionProtected: scope.env.deletionProtected,
    permission: scope.permission,
    retracted: retractionOf(row),
  };
  return { definition, membership: scope.membership, orgKey: scope.joined.key };
}

/** A retracted revision reads as its replacement (following replacements that were retracted later). */
async function replacementYaml(db: Db, environmentId: string, replacement: number | null): Promise<string> {
  let number = replacement;
  for (let hops = 0; number !== null && hops < 1000; hops++) {
    const next = await db.revision.findUnique({
      where: { environmentId_number: { environmentId, number } },
      select: { yaml: true, retractedAt: true, retractedReplacement: true },
    });
    if (!next) break;
    if (!next.retractedAt) return next.yaml;
    number = next.retractedReplacement;
  }
  throw new NotFoundError("the revision was retracted and its replacement is not available");
}
