import { routeParam } from "@/app/[org]/route-param";
import { AddMemberForm } from "@/components/members/AddMemberForm";
import { LeaveOrganizationButton, MemberRoleSelect, RemoveMemberButton } from "@/components/members/MemberActions";
import { fullTime, timeAgo } from "@/components/format-time";
import { requireOrgMember } from "@/lib/auth/session";
import { listMembers, type MemberInfo } from "@/lib/orgs/list-members";

export const metadata = { title: "Members" };

/** What the row's client controls need (the rest stays on the server). */
const row = (m: MemberInfo) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role });

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgMember(routeParam(org));
  const members = await listMembers(ctx.user.id, ctx.org);
  const now = new Date();
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Members</h1>
          <p>
            People in {ctx.org}. Admins may do everything; what members may do on each environment is the organization&apos;s
            default permission or more, from grants to them or their teams.
          </p>
        </div>
      </div>
      <section className="card">
        <div className="card-body" style={{ display: "flex", flexDirection: "column", gap: 12 }}>
          <h2>Add a member</h2>
          {ctx.role === "admin" ? <AddMemberForm org={ctx.org} /> : <p className="muted" style={{ margin: 0 }}>Only organization admins can add members.</p>}
        </div>
      </section>
      <section className="card" style={{ overflow: "hidden" }}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Member since</th>
              <th scope="col" style={{ width: 1 }}>
                <span className="perm-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} data-testid={`member-${m.email}`}>
                <td>
                  <strong>{m.name}</strong>
                  {m.userId === ctx.user.id ? <span className="badge" style={{ marginLeft: 8 }}>you</span> : null}
                </td>
                <td className="muted">{m.email}</td>
                <td>
                  {ctx.role === "admin" ? (
                    <MemberRoleSelect org={ctx.org} member={row(m)} />
                  ) : (
                    <span className={m.role === "admin" ? "badge badge-accent" : "badge"}>{m.role}</span>
                  )}
                </td>
                <td className="muted" title={fullTime(m.since)}>
                  {timeAgo(m.since, now)}
                </td>
                <td style={{ whiteSpace: "nowrap" }}>
                  {/* Anyone may leave; admins remove others. The last admin is refused by the service. */}
                  {m.userId === ctx.user.id ? (
                    <LeaveOrganizationButton org={ctx.org} />
                  ) : ctx.role === "admin" ? (
                    <RemoveMemberButton org={ctx.org} member={row(m)} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
