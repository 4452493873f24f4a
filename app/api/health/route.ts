// Liveness plus a trivial database query: load balancers and the test harness poll this.
import { getDb } from "@/lib/db/client";
import { json } from "@/lib/api/responses";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    await getDb().$queryRaw`SELECT 1`;
    return json({ status: "ok" });
  } catch {
    return json({ status: "unavailable", message: "the database is unreachable" }, 503);
  }
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
