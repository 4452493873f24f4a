import { requireActor } from "@/lib/api/auth";
import { route } from "@/lib/api/handler";
import { json } from "@/lib/api/responses";
import { describeUser } from "@/lib/api/user";
import { otherMethods } from "@/lib/api/methods";

export const GET = route(async (req) => json(await describeUser(await requireActor(req))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
