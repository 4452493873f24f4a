import Link from "next/link";
import { routeParam } from "@/app/[org]/route-param";
import { AdminOnly } from "@/components/access/AdminOnly";
import { DefaultPermissionForm } from "@/components/access/DefaultPermissionForm";
import { PermissionLevels } from "@/components/access/PermissionLevels";
import { requireOrgMember } from "@/lib/auth/session";
import { getDefaultPermission } from "@/lib/orgs/default-permission";

export const metadata = { title: "Access" };

export default async function AccessPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgMember(routeParam(org), `/${org}/settings/access`);
  if (ctx.role !== "admin")
    return (
      <AdminOnly
        title="Access"
        what="Only organization admins can change the default environment permission."
      />
    );
  const current = await getDefaultPermission(ctx.actor, ctx.org);
  const base = `/${encodeURIComponent(ctx.org)}`;
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Access</h1>
          <p>
            What members of {ctx.org} may do on every environment unless a grant gives them more. Organization
            admins have admin on every environment.
          </p>
        </div>
      </div>
      <section className="card">
        <div className="card-body" style={{ display: "flex", flexDirection: "column", gap: 12 }}>
          <h2>Default environment permission</h2>
          <DefaultPermissionForm org={ctx.org} current={current} />
        </div>
      </section>
      <section className="card">
        <div className="card-body" style={{ display: "flex", flexDirection: "column", gap: 12 }}>
          <h2>Permission levels</h2>
          <PermissionLevels />
          <p className="muted" style={{ margin: 0 }}>
            A member&apos;s permission on an environment is the highest of this default, their{" "}
            <Link href={`${base}/settings/teams`}>teams&apos;</Link> grants and their own grant on it.
            Creating an environment needs a default of at least write (or org admin); its creator gets admin
            on it. Grants are managed on each environment&apos;s Access page.
          </p>
        </div>
      </section>
    </div>
  );
}
