// #2 GET (list) and #3 POST (create) /api/esc/environments/{org}
import { requireActor } from "@/lib/api/auth";
import { readJsonBody } from "@/lib/api/body";
import { createEnvironment, listEnvironments } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { createEnvironmentBody, segment } from "@/lib/api/params";
import { json } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const GET = route<{ org: string }>(async (req, { org }) => {
  const actor = await requireActor(req);
  const token = new URL(req.url).searchParams.get("continuationToken") ?? undefined;
  return json(await listEnvironments(actor, segment(org), token));
});

export const POST = route<{ org: string }>(async (req, { org }) => {
  const actor = await requireActor(req);
  const body = await readJsonBody(req, createEnvironmentBody);
  await createEnvironment(actor, { org: segment(org), project: body.project || "default", env: body.name });
  // The SDK requires exactly 200 here, with an empty JSON object.
  return json({});
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
