// #8 GET /api/esc/environments/{org}/{project}/{env}/decrypt: the definition with plaintext secrets.
import { requireActor } from "@/lib/api/auth";
import { readDefinition } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, type EnvParams } from "@/lib/api/params";
import { revisionHeaders, yamlResponse } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const GET = route<EnvParams>(async (req, params) => {
  const def = await readDefinition(await requireActor(req), envRef(params), undefined, true);
  return yamlResponse(def.yaml, revisionHeaders(def.revision, def.etag));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
