// #14 POST /api/esc/environments/{org}/yaml/check: evaluate a definition without storing it.
import { requireActor } from "@/lib/api/auth";
import { readTextBody } from "@/lib/api/body";
import { checkYaml } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { boolQuery, segment } from "@/lib/api/params";
import { json } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const POST = route<{ org: string }>(async (req, { org }) => {
  const actor = await requireActor(req);
  const showSecrets = boolQuery(new URL(req.url), "showSecrets");
  const yaml = await readTextBody(req);
  const result = await checkYaml(actor, segment(org), yaml, showSecrets);
  // Errors come back as 400 with the same body shape (the SDK returns that body, not an error).
  return json(result.body, result.ok ? 200 : 400);
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
