// The names of an organization's teams, for any member: an environment admin who is not an org
// admin grants access to teams by name on the environment's Access page. Names only; who is in
// which team stays with the org admins (listTeams in lib/orgs/teams.ts).
import { getDb, type Db } from "@/lib/db/client";
import { orgScope } from "@/lib/environments/scope";
import type { Actor } from "@/lib/environments/types";

export async function listTeamNames(actor: Actor, orgName: string, db: Db = getDb()): Promise<string[]> {
  const membership = await orgScope(db, actor, orgName);
  const rows = await db.team.findMany({
    where: { orgId: membership.orgId },
    orderBy: { name: "asc" },
    select: { name: true },
  });
  return rows.map((t) => t.name);
}
