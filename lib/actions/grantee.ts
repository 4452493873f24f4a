// Who a grant is for, as the access page sends it: "team:<name>" or "user:<id>".
import { z } from "zod";
import type { Grantee } from "@/lib/orgs/environment-grants";

export const granteeInput = z.string().regex(/^(team|user):.{1,100}$/, "Choose a team or a member.");

export function toGrantee(value: string): Grantee {
  const rest = value.slice(value.indexOf(":") + 1);
  return value.startsWith("team:") ? { team: rest } : { userId: rest };
}
