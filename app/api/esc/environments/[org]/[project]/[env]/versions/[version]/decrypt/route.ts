// #8 GET /api/esc/environments/{org}/{project}/{env}/versions/{version}/decrypt
import { requireActor } from "@/lib/api/auth";
import { readDefinition } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, versionParam, type EnvParams } from "@/lib/api/params";
import { revisionHeaders, yamlResponse } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const GET = route<EnvParams & { version: string }>(async (req, params) => {
  const def = await readDefinition(
    await requireActor(req),
    envRef(params),
    versionParam(params.version),
    true,
  );
  return yamlResponse(def.yaml, revisionHeaders(def.revision, def.etag));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
