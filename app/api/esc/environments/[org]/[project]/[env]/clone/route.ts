// #10 POST /api/esc/environments/{org}/{project}/{env}/clone
import { requireActor } from "@/lib/api/auth";
import { readJsonBody } from "@/lib/api/body";
import { cloneEnvironment } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { cloneBody, envRef, type EnvParams } from "@/lib/api/params";
import { noContent } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const POST = route<EnvParams>(async (req, params) => {
  const actor = await requireActor(req);
  const body = await readJsonBody(req, cloneBody);
  await cloneEnvironment(actor, envRef(params), body);
  return noContent();
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
