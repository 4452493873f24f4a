// The first step of every service call: the actor must be a member of the organization, and the
// environment is looked up by organization id, so no query can reach another tenant's rows.
import type { Db } from "@/lib/db/client";
import { requireMembership, type MembershipInfo } from "@/lib/orgs/memberships";
import { NotFoundError, ValidationError } from "./errors";
import type { Actor } from "./types";

export function checkActor(actor: Actor): void {
  if (!actor || typeof actor.userId !== "string" || actor.userId.length === 0)
    throw new ValidationError("no acting user");
}

export async function orgScope(db: Db, actor: Actor, orgName: string): Promise<MembershipInfo> {
  checkActor(actor);
  return requireMembership(actor.userId, orgName, db);
}

export const environmentNotFound = (project: string, name: string) =>
  new NotFoundError(`environment "${String(project).slice(0, 100)}/${String(name).slice(0, 100)}" not found`);

export interface ScopedEnvironment {
  membership: MembershipInfo;
  env: {
    id: string;
    orgId: string;
    project: string;
    name: string;
    createdAt: Date;
    updatedAt: Date;
    deletionProtected: boolean;
  };
}

/** The environment `project/name` of `orgName`, if the actor is a member; NotFoundError otherwise. */
export async function environmentScope(
  db: Db,
  actor: Actor,
  orgName: string,
  project: string,
  name: string,
): Promise<ScopedEnvironment> {
  const membership = await orgScope(db, actor, orgName);
  // Names longer than the rules allow cannot exist; answer without sending them to the database.
  if (typeof project !== "string" || typeof name !== "string" || project.length > 100 || name.length > 100) {
    throw environmentNotFound(String(project), String(name));
  }
  const env = await db.environment.findUnique({
    where: { orgId_project_name: { orgId: membership.orgId, project, name } },
    select: {
      id: true,
      orgId: true,
      project: true,
      name: true,
      createdAt: true,
      updatedAt: true,
      deletionProtected: true,
    },
  });
  if (!env) throw environmentNotFound(project, name);
  return { membership, env };
}

/** The newest revision number of an environment (every environment has revision 1 at least). */
export async function latestRevisionNumber(db: Db, environmentId: string): Promise<number> {
  const head = await db.revision.findFirst({
    where: { environmentId },
    orderBy: { number: "desc" },
    select: { number: true },
  });
  return head?.number ?? 0;
}
