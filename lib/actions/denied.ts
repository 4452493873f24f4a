// A signed-in user calling a server action on an organization they do not belong to gets the
// same 404 as for a missing one; the attempt itself goes into the audit trail of the
// organization it aimed at (the service layer is never reached, so it cannot record it).
import { getDb } from "@/lib/db/client";
import { currentUser, sessionActor } from "@/lib/auth/session";
import { recordEnvironmentEvent } from "@/lib/environments/audit";
import { notFoundResult, type ActionResult } from "./result";

export async function deniedOutsideOrg(org: string, action: string, target: string): Promise<ActionResult<never>> {
  const user = await currentUser();
  if (user) await recordEnvironmentEvent(getDb(), await sessionActor(user), org, action, target, "denied");
  return notFoundResult();
}
