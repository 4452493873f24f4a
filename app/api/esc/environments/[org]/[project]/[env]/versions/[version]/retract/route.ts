// #17 POST /api/esc/environments/{org}/{project}/{env}/versions/{version}/retract
// Body `{replacement?, reason?}`; the CLI's `esc env version retract`.
import { requireActor } from "@/lib/api/auth";
import { readJsonBody } from "@/lib/api/body";
import { retractRevision } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, retractBody, versionParam, type EnvParams } from "@/lib/api/params";
import { noContent } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const POST = route<EnvParams & { version: string }>(async (req, params) => {
  const actor = await requireActor(req);
  const body = await readJsonBody(req, retractBody);
  await retractRevision(actor, envRef(params), versionParam(params.version), body);
  return noContent();
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
