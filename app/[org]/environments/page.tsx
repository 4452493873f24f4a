import { routeParam } from "@/app/[org]/route-param";
import { CreateEnvironmentButton } from "@/components/environments/CreateEnvironmentButton";
import { EnvironmentList, type EnvironmentRow } from "@/components/environments/EnvironmentList";
import { fullTime, timeAgo } from "@/components/format-time";
import { requireOrgMember } from "@/lib/auth/session";
import { listEnvironments } from "@/lib/environments/list-environments";

export const metadata = { title: "Environments" };

export default async function EnvironmentsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgMember(routeParam(org));
  const environments = await listEnvironments(ctx.actor, ctx.org);
  const now = new Date();
  const rows: EnvironmentRow[] = environments.map((e) => ({
    project: e.project,
    name: e.name,
    modifiedLabel: timeAgo(e.modified, now),
    modifiedTitle: fullTime(e.modified),
    modifiedBy: e.modifiedBy ?? "a deleted user",
    permission: e.permission,
  }));
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Environments</h1>
          <p>Configuration and secrets, composed from other environments and opened on demand.</p>
        </div>
        {rows.length > 0 ? <CreateEnvironmentButton org={ctx.org} /> : null}
      </div>
      <EnvironmentList org={ctx.org} rows={rows} />
    </div>
  );
}
