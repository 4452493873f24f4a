// Shared setup for the service tests: a user who owns an organization, on a given test database.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { createUser } from "@/lib/auth/users";
import { createOrganization } from "@/lib/orgs/create-organization";
import type { Actor } from "./types";

/** Tests run with a throwaway master key unless one is set. */
export function useTestMasterKey(): void {
  process.env.ESC_MASTER_KEY ??= randomBytes(32).toString("base64");
}

let counter = 0;

/** A new user and a new organization they administer; names are unique per call. */
export async function userWithOrg(
  db: Db,
  prefix = "u",
): Promise<{ actor: Actor; userId: string; login: string; org: string; orgId: string }> {
  const n = `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString("hex")}`;
  const user = await createUser(
    { email: `${n}@example.test`, password: "correct horse battery", name: `User ${n}` },
    db,
  );
  const org = await createOrganization(user.id, `org-${n}`, db);
  return { actor: { userId: user.id }, userId: user.id, login: user.login, org: org.name, orgId: org.id };
}
