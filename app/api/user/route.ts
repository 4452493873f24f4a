import { requireActor } from "@/lib/api/auth";
import { route } from "@/lib/api/handler";
import { json } from "@/lib/api/responses";
import { describeUser } from "@/lib/api/user";

export const GET = route(async (req) => json(await describeUser(await requireActor(req))));
