import { routeParam } from "@/app/[org]/route-param";
import { AdminOnly } from "@/components/access/AdminOnly";
import { TeamsManager } from "@/components/access/TeamsManager";
import { requireOrgMember } from "@/lib/auth/session";
import { listMembers } from "@/lib/orgs/list-members";
import { listTeams } from "@/lib/orgs/teams";

export const metadata = { title: "Teams" };

export default async function TeamsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgMember(routeParam(org), `/${org}/settings/teams`);
  if (ctx.role !== "admin")
    return <AdminOnly title="Teams" what="Only organization admins can see and manage teams." />;
  const actor = ctx.actor;
  const [teams, members] = await Promise.all([listTeams(actor, ctx.org), listMembers(ctx.user.id, ctx.org)]);
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Teams</h1>
          <p>
            Named groups of {ctx.org}&apos;s members. Grant a team a permission on an environment from the
            environment&apos;s Access page; every member of the team gets it.
          </p>
        </div>
      </div>
      <TeamsManager
        org={ctx.org}
        teams={teams.map((t) => ({
          name: t.name,
          description: t.description,
          grantCount: t.grantCount,
          members: t.members,
        }))}
        members={members.map((m) => ({ userId: m.userId, name: m.name, email: m.email }))}
      />
    </div>
  );
}
