// #12 and #13 GET /api/esc/environments/{org}/{project}/{env}/open/{id}[?property=a.b[0]]
// The SDK asks for `open//{id}`; Next answers a doubled slash with a 308 to the single-slash
// path (query kept), which axios follows, so both spellings end here.
import { requireActor } from "@/lib/api/auth";
import { readSession } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, segment, type EnvParams } from "@/lib/api/params";
import { jsonText } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const GET = route<EnvParams & { id: string }>(async (req, params) => {
  const actor = await requireActor(req);
  const property = new URL(req.url).searchParams.get("property") ?? undefined;
  return jsonText(await readSession(actor, envRef(params), segment(params.id), property));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
