import { routeParam } from "@/app/[org]/route-param";
import { EnvironmentEditor } from "@/components/editor/EnvironmentEditor";
import { timeAgo } from "@/components/format-time";
import { requireOrgMember } from "@/lib/auth/session";
import { serviceDefinitionJsonSchema } from "@/lib/providers/definition-schema";
import { loadEnvironmentForEditing } from "./load-environment";

type Params = { org: string; project: string; env: string };

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  const { project, env } = await params;
  return { title: `${routeParam(project)}/${routeParam(env)}` };
}

export default async function EnvironmentEditorPage({ params }: { params: Promise<Params> }) {
  const p = await params;
  const [org, project, env] = [routeParam(p.org), routeParam(p.project), routeParam(p.env)];
  const ctx = await requireOrgMember(org, `/${p.org}/environments/${p.project}/${p.env}`);
  const loaded = await loadEnvironmentForEditing(ctx, project, env);
  return (
    <EnvironmentEditor
      // A new revision loaded from the server remounts the editor with its text.
      key={loaded.etag}
      org={ctx.org}
      project={project}
      env={env}
      initialYaml={loaded.yaml}
      etag={loaded.etag}
      revision={loaded.revision}
      savedBy={loaded.savedBy === ctx.user.name ? "you" : loaded.savedBy}
      savedAgo={timeAgo(loaded.savedAt)}
      permission={loaded.permission}
      schema={serviceDefinitionJsonSchema()}
    />
  );
}
