// #11 POST /api/esc/environments/{org}/{project}/{env}/versions/{version}/open
import { requireActor } from "@/lib/api/auth";
import { openSession } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, versionParam, type EnvParams } from "@/lib/api/params";
import { json } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const POST = route<EnvParams & { version: string }>(async (req, params) => {
  const actor = await requireActor(req);
  const duration = new URL(req.url).searchParams.get("duration") ?? undefined;
  return json(await openSession(actor, envRef(params), versionParam(params.version), duration));
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
