import { getDb, type Db } from "@/lib/db/client";
import { listMemberships } from "@/lib/orgs/memberships";
import { effectivePermission, grantsFor } from "@/lib/orgs/permissions";
import { checkActor, orgScope } from "./scope";
import type { Actor, EnvironmentSummary } from "./types";

/**
 * The environments of `orgName` (or of every organization the actor belongs to) that the actor
 * may at least read, sorted by organization, project and name, with when and by whom each was
 * last changed, and the actor's permission on each.
 */
export async function listEnvironments(
  actor: Actor,
  orgName?: string,
  db: Db = getDb(),
): Promise<EnvironmentSummary[]> {
  checkActor(actor);
  const orgs =
    orgName === undefined
      ? (await listMemberships(actor.userId, db)).map((m) => ({ id: m.orgId, name: m.orgName, role: m.role }))
      : [await orgScope(db, actor, orgName)].map((m) => ({ id: m.orgId, name: m.orgName, role: m.role }));
  if (orgs.length === 0) return [];
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const roles = new Map(orgs.map((o) => [o.id, o.role]));
  const rows = await db.environment.findMany({
    where: { orgId: { in: orgs.map((o) => o.id) } },
    select: {
      orgId: true,
      project: true,
      name: true,
      createdAt: true,
      updatedAt: true,
      org: { select: { defaultEnvironmentPermission: true } },
      permissions: { where: grantsFor(actor.userId), select: { permission: true } },
      revisions: {
        orderBy: { number: "desc" },
        take: 1,
        select: { createdAt: true, author: { select: { login: true } } },
      },
    },
  });
  return rows
    .map((r) => ({ ...r, permission: effectivePermission(roles.get(r.orgId) ?? "member", r.org.defaultEnvironmentPermission, r.permissions) }))
    .filter((r) => r.permission !== "none")
    .map((r) => ({
      organization: names.get(r.orgId) ?? "",
      project: r.project,
      name: r.name,
      created: r.createdAt,
      modified: r.revisions[0]?.createdAt ?? r.updatedAt,
      modifiedBy: r.revisions[0]?.author?.login ?? null,
      permission: r.permission,
    }))
    .sort((a, b) => cmp(a.organization, b.organization) || cmp(a.project, b.project) || cmp(a.name, b.name));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
