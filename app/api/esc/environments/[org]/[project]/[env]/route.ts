// #4 GET, #5 HEAD, #6 PATCH, #7 DELETE /api/esc/environments/{org}/{project}/{env}
import { requireActor } from "@/lib/api/auth";
import { readTextBody } from "@/lib/api/body";
import { deleteEnvironment, readDefinition, updateDefinition } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, type EnvParams } from "@/lib/api/params";
import { json, revisionHeaders, yamlResponse } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const GET = route<EnvParams>(async (req, params) => {
  const def = await readDefinition(await requireActor(req), envRef(params), undefined, false);
  return yamlResponse(def.yaml, revisionHeaders(def.revision, def.etag));
});

export const HEAD = route<EnvParams>(async (req, params) => {
  const def = await readDefinition(await requireActor(req), envRef(params), undefined, false);
  return new Response(null, { status: 200, headers: revisionHeaders(def.revision, def.etag) });
});

export const PATCH = route<EnvParams>(async (req, params) => {
  const actor = await requireActor(req);
  // The Go CLI sends the ETag it read back as a request header named `ETag` (not If-Match).
  const expectedEtag = req.headers.get("etag") ?? req.headers.get("if-match") ?? undefined;
  const yaml = await readTextBody(req);
  const result = await updateDefinition(actor, envRef(params), yaml, expectedEtag);
  return json(
    result.diagnostics ? { diagnostics: result.diagnostics } : {},
    200,
    revisionHeaders(result.revision, result.etag),
  );
});

export const DELETE = route<EnvParams>(async (req, params) => {
  await deleteEnvironment(await requireActor(req), envRef(params));
  return json({});
});

export const { POST, PUT, OPTIONS } = otherMethods({ GET, HEAD, PATCH, DELETE });
