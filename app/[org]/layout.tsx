import { routeParam } from "@/app/[org]/route-param";
import { AppShell } from "@/components/shell/AppShell";
import { requireOrgMember } from "@/lib/auth/session";
import { listMemberships } from "@/lib/orgs/memberships";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgMember(routeParam(org));
  const memberships = await listMemberships(ctx.user.id);
  return (
    <AppShell org={ctx.org} orgs={memberships.map((m) => m.orgName)} user={ctx.user} isAdmin={ctx.role === "admin"}>
      {children}
    </AppShell>
  );
}
