// #16 GET /api/esc/environments/{org}/{project}/{env}/versions?before=N&count=M (newest first)
import { requireActor } from "@/lib/api/auth";
import { listRevisions } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { envRef, intQuery, type EnvParams } from "@/lib/api/params";
import { json } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const GET = route<EnvParams>(async (req, params) => {
  const actor = await requireActor(req);
  const url = new URL(req.url);
  const before = intQuery(url, "before");
  const count = intQuery(url, "count", { min: 1, max: 500 });
  return json(await listRevisions(actor, envRef(params), before || undefined, count));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
