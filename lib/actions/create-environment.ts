"use server";
import { z } from "zod";
import { orgContext } from "@/lib/auth/session";
import { createEnvironment } from "@/lib/environments/create-environment";
import { validateEnvironmentName, validateProjectName } from "@/lib/environments/names";
import { fail, type ActionResult } from "@/lib/actions/result";
import { deniedOutsideOrg } from "@/lib/actions/denied";
import { serviceErrorResult } from "@/lib/actions/errors";
import { sentence } from "@/lib/actions/sentence";

const input = z.object({
  org: z.string().min(1).max(100),
  project: z.string().trim().max(200),
  name: z.string().trim().max(200),
});

/** Creates `org/project/name` (revision 1) and answers the editor's URL. */
export async function createEnvironmentAction(_prev: ActionResult<{ url: string }> | null, form: FormData): Promise<ActionResult<{ url: string }>> {
  const parsed = input.safeParse({ org: form.get("org") ?? "", project: form.get("project") || "default", name: form.get("name") ?? "" });
  if (!parsed.success) return fail(400, "Enter a project and an environment name (up to 100 characters each).");
  const { org, project, name } = parsed.data;

  const ctx = await orgContext(org);
  if (!ctx) return deniedOutsideOrg(org, "environment.create", `${project}/${name}`);

  for (const [field, check] of [
    ["project", () => validateProjectName(project)],
    ["name", () => validateEnvironmentName(name)],
  ] as const) {
    try {
      check();
    } catch (err) {
      const message = sentence(err instanceof Error ? err.message : "Invalid name.");
      return fail(400, message, { [field]: message });
    }
  }

  try {
    await createEnvironment(ctx.actor, ctx.org, project, name);
  } catch (err) {
    const result = serviceErrorResult(err, "create environment");
    if (!result.ok && result.status === 409) return fail(409, `An environment named ${project}/${name} already exists.`, { name: "Already exists." });
    return result;
  }
  const url = `/${encodeURIComponent(ctx.org)}/environments/${encodeURIComponent(project)}/${encodeURIComponent(name)}`;
  return { ok: true, data: { url } };
}
