// #23 GET (list as a map, `nextToken` "0" at the end) and #24 POST (create) environment tags
import { requireActor } from "@/lib/api/auth";
import { readJsonBody } from "@/lib/api/body";
import { createEnvTag, listEnvTags } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, envTagBody, intQuery, type EnvParams } from "@/lib/api/params";
import { json } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const GET = route<EnvParams>(async (req, params) => {
  const actor = await requireActor(req);
  const url = new URL(req.url);
  return json(
    await listEnvTags(
      actor,
      envRef(params),
      url.searchParams.get("after") || undefined,
      intQuery(url, "count", { min: 1, max: 500 }),
    ),
  );
});

export const POST = route<EnvParams>(async (req, params) => {
  const actor = await requireActor(req);
  const body = await readJsonBody(req, envTagBody);
  return json(await createEnvTag(actor, envRef(params), body.name, body.value));
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
