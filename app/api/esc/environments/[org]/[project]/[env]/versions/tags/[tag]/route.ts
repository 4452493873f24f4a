// #20 GET, #21 PATCH, #22 DELETE one revision tag
import { requireActor } from "@/lib/api/auth";
import { readJsonBody } from "@/lib/api/body";
import { deleteRevisionTag, getRevisionTag, updateRevisionTag } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, revisionTagUpdateBody, segment, type EnvParams } from "@/lib/api/params";
import { json, noContent } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

type Params = EnvParams & { tag: string };

export const GET = route<Params>(async (req, params) =>
  json(await getRevisionTag(await requireActor(req), envRef(params), segment(params.tag))),
);

export const PATCH = route<Params>(async (req, params) => {
  const actor = await requireActor(req);
  const body = await readJsonBody(req, revisionTagUpdateBody);
  await updateRevisionTag(actor, envRef(params), segment(params.tag), body.revision);
  return noContent();
});

export const DELETE = route<Params>(async (req, params) => {
  await deleteRevisionTag(await requireActor(req), envRef(params), segment(params.tag));
  return noContent();
});

export const { POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
