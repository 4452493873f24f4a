// #18 GET (list, sorted by name, `after`) and #19 POST (create) revision tags
import { requireActor } from "@/lib/api/auth";
import { readJsonBody } from "@/lib/api/body";
import { createRevisionTag, listRevisionTags } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, intQuery, revisionTagBody, type EnvParams } from "@/lib/api/params";
import { json, noContent } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const GET = route<EnvParams>(async (req, params) => {
  const actor = await requireActor(req);
  const url = new URL(req.url);
  const after = url.searchParams.get("after") || undefined;
  return json(
    await listRevisionTags(actor, envRef(params), after, intQuery(url, "count", { min: 1, max: 500 })),
  );
});

export const POST = route<EnvParams>(async (req, params) => {
  const actor = await requireActor(req);
  const body = await readJsonBody(req, revisionTagBody);
  await createRevisionTag(actor, envRef(params), body.name, body.revision);
  return noContent();
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
