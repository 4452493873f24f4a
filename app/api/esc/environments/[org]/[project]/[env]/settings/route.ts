// #29 GET and PATCH /api/esc/environments/{org}/{project}/{env}/settings
import { requireActor } from "@/lib/api/auth";
import { readJsonBody } from "@/lib/api/body";
import { getSettings, updateSettings } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, settingsBody, type EnvParams } from "@/lib/api/params";
import { json } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const GET = route<EnvParams>(async (req, params) =>
  json(await getSettings(await requireActor(req), envRef(params))),
);

export const PATCH = route<EnvParams>(async (req, params) => {
  const actor = await requireActor(req);
  const body = await readJsonBody(req, settingsBody);
  return json(await updateSettings(actor, envRef(params), body));
});

export const { POST, PUT, DELETE, OPTIONS } = otherMethods({ GET, PATCH });
