import { requireActor } from "@/lib/api/auth";
import { notFound } from "@/lib/api/errors";
import { route } from "@/lib/api/handler";
import { json } from "@/lib/api/responses";
import { defaultOrganization } from "@/lib/api/user";
import { otherMethods } from "@/lib/api/methods";

export const GET = route(async (req) => {
  const org = await defaultOrganization(await requireActor(req));
  if (!org) throw notFound("the user belongs to no organization");
  // "gitHubLogin" with a capital H is what the Go CLI reads here (unlike /api/user).
  return json({ gitHubLogin: org });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
