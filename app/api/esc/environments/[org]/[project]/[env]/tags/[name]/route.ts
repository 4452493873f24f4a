// #25 GET, #26 PATCH (rename and/or change value), #27 DELETE one environment tag
import { requireActor } from "@/lib/api/auth";
import { readJsonBody } from "@/lib/api/body";
import { deleteEnvTag, getEnvTag, updateEnvTag } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, envTagUpdateBody, segment, type EnvParams } from "@/lib/api/params";
import { json, noContent } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

type Params = EnvParams & { name: string };

export const GET = route<Params>(async (req, params) =>
  json(await getEnvTag(await requireActor(req), envRef(params), segment(params.name))),
);

export const PATCH = route<Params>(async (req, params) => {
  const actor = await requireActor(req);
  const body = await readJsonBody(req, envTagUpdateBody);
  return json(
    await updateEnvTag(actor, envRef(params), segment(params.name), body.currentTag.value, body.newTag),
  );
});

export const DELETE = route<Params>(async (req, params) => {
  await deleteEnvTag(await requireActor(req), envRef(params), segment(params.name));
  return noContent();
});

export const { POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
