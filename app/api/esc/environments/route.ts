// #1 GET /api/esc/environments: every environment the caller can see, across organizations.
import { requireActor } from "@/lib/api/auth";
import { listEnvironments } from "@/lib/api/esc";
import { route } from "@/lib/api/handler";
import { json } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const GET = route(async (req) => {
  const actor = await requireActor(req);
  const url = new URL(req.url);
  return json(
    await listEnvironments(
      actor,
      url.searchParams.get("organization") ?? undefined,
      url.searchParams.get("continuationToken") ?? undefined,
    ),
  );
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
