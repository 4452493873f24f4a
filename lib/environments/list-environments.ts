import { getDb, type Db } from "@/lib/db/client";
import { listMemberships } from "@/lib/orgs/memberships";
import { checkActor, orgScope } from "./scope";
import type { Actor, EnvironmentSummary } from "./types";

/**
 * The environments of `orgName` (or of every organization the actor belongs to), sorted by
 * organization, project and name, with when and by whom each was last changed.
 */
export async function listEnvironments(
  actor: Actor,
  orgName?: string,
  db: Db = getDb(),
): Promise<EnvironmentSummary[]> {
  checkActor(actor);
  const orgs =
    orgName === undefined
      ? (await listMemberships(actor.userId, db)).map((m) => ({ id: m.orgId, name: m.orgName }))
      : [await orgScope(db, actor, orgName)].map((m) => ({ id: m.orgId, name: m.orgName }));
  if (orgs.length === 0) return [];
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const rows = await db.environment.findMany({
    where: { orgId: { in: orgs.map((o) => o.id) } },
    select: {
      orgId: true,
      project: true,
      name: true,
      createdAt: true,
      updatedAt: true,
      revisions: {
        orderBy: { number: "desc" },
        take: 1,
        select: { createdAt: true, author: { select: { login: true } } },
      },
    },
  });
  return rows
    .map((r) => ({
      organization: names.get(r.orgId) ?? "",
      project: r.project,
      name: r.name,
      created: r.createdAt,
      modified: r.revisions[0]?.createdAt ?? r.updatedAt,
      modifiedBy: r.revisions[0]?.author?.login ?? null,
    }))
    .sort((a, b) => cmp(a.organization, b.organization) || cmp(a.project, b.project) || cmp(a.name, b.name));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
