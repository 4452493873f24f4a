import Link from "next/link";
import { notFound } from "next/navigation";
import { routeParam } from "@/app/[org]/route-param";
import { AdminOnly } from "@/components/access/AdminOnly";
import { EnvironmentAccess } from "@/components/access/EnvironmentAccess";
import { PERMISSION_HELP } from "@/components/access/PermissionLevels";
import { requireOrgMember } from "@/lib/auth/session";
import { ForbiddenError, NotFoundError } from "@/lib/environments/errors";
import { listEnvironmentGrants } from "@/lib/orgs/environment-grants";
import { listMembers } from "@/lib/orgs/list-members";
import { listTeamNames } from "@/lib/orgs/team-names";

type Params = { org: string; project: string; env: string };

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  const { project, env } = await params;
  return { title: `Access · ${routeParam(project)}/${routeParam(env)}` };
}

export default async function EnvironmentAccessPage({ params }: { params: Promise<Params> }) {
  const p = await params;
  const [org, project, env] = [routeParam(p.org), routeParam(p.project), routeParam(p.env)];
  const ctx = await requireOrgMember(org, `/${p.org}/environments/${p.project}/${p.env}/access`);
  const actor = ctx.actor;
  let access;
  try {
    access = await listEnvironmentGrants(actor, ctx.org, project, env);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    if (err instanceof ForbiddenError)
      return (
        <AdminOnly
          title={`Access · ${project}/${env}`}
          what="Managing access to an environment needs admin permission on it."
        />
      );
    throw err;
  }
  // Grants can name any team (by name: environment admins who are not org admins grant to teams
  // too, without seeing who is in them) and any member who is not an org admin.
  const [teams, members] = await Promise.all([listTeamNames(actor, ctx.org), listMembers(ctx.user.id, ctx.org)]);
  const base = `/${encodeURIComponent(ctx.org)}/environments`;
  const envUrl = `${base}/${encodeURIComponent(project)}/${encodeURIComponent(env)}`;
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <nav className="breadcrumbs" aria-label="Breadcrumb">
            <Link href={base}>Environments</Link>
            <span aria-hidden="true"> / </span>
            <Link href={envUrl}>
              {project}/{env}
            </Link>
            <span aria-hidden="true"> / </span>
            <span>Access</span>
          </nav>
          <h1>Access</h1>
          <p>
            Members have the organization default, <strong>{access.defaultPermission}</strong>:{" "}
            {PERMISSION_HELP[access.defaultPermission]} Organization admins have admin.{" "}
            {ctx.role === "admin" ? (
              <Link href={`/${encodeURIComponent(ctx.org)}/settings/access`}>Change the default</Link>
            ) : null}
          </p>
        </div>
      </div>
      <EnvironmentAccess
        target={{ org: ctx.org, project, env }}
        grants={access.grants.map((g) =>
          g.team
            ? {
                grantee: `team:${g.team.name}`,
                label: g.team.name,
                kind: "team" as const,
                detail: g.team.memberCount === 1 ? "1 member" : `${g.team.memberCount} members`,
                permission: g.permission,
              }
            : {
                grantee: `user:${g.user?.id ?? ""}`,
                label: g.user?.name || g.user?.login || "",
                kind: "member" as const,
                detail: g.user?.email ?? "",
                permission: g.permission,
              },
        )}
        options={[
          ...teams.map((name) => ({ grantee: `team:${name}`, label: `Team ${name}` })),
          ...members
            .filter((m) => m.role !== "admin")
            .map((m) => ({ grantee: `user:${m.userId}`, label: `${m.name} (${m.email})` })),
        ]}
      />
    </div>
  );
}
