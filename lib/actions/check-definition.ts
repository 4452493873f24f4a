// Static check of definition text the editor holds (not yet saved) in the context of its org:
// imports resolve to the org's stored environments, ciphertext decrypts with the org's key,
// providers are known by schema but never called (check does not open anything).
import { getDb } from "@/lib/db/client";
import { getUserById } from "@/lib/auth/users";
import { getOrgCrypter } from "@/lib/crypto/org-crypter";
import { checkEnvironment, type EvalResult } from "@/lib/esc";
import type { EnvironmentLoader } from "@/lib/esc/contract";
import { getEnvironment } from "@/lib/environments/get-environment";
import { parseEnvironmentRef } from "@/lib/environments/names";
import { createProviderRegistry } from "@/lib/providers/registry";
import { requireMembership } from "@/lib/orgs/memberships";
import type { OrgContext } from "@/lib/auth/session";

/** A preview that takes longer than this is abandoned (the evaluator stops at the signal). */
const CHECK_TIMEOUT_MS = 10_000;

export async function checkDefinition(ctx: OrgContext, project: string, env: string, yaml: string): Promise<EvalResult> {
  const db = getDb();
  const actor = { userId: ctx.user.id };
  const membership = await requireMembership(ctx.user.id, ctx.org, db);
  const [crypter, user] = await Promise.all([getOrgCrypter(db, membership.orgId), getUserById(ctx.user.id, db)]);
  const loader: EnvironmentLoader = {
    async load(ref) {
      const { project: p, name } = parseEnvironmentRef(ref);
      const definition = await getEnvironment(actor, ctx.org, p, name, undefined, db);
      return { yaml: definition.yaml, crypter };
    },
  };
  const providers = createProviderRegistry({
    mintToken: () => Promise.reject(new Error("providers are not opened while checking")),
  });
  return checkEnvironment(yaml, {
    name: `${project}/${env}`,
    providers,
    loader,
    crypter,
    executionContext: { pulumi: { user: { id: ctx.user.id, login: user?.login ?? "" } }, organization: { login: ctx.org } },
    signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
  });
}
