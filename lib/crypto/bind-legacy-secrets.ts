// Rebinding legacy `fn::secret` ciphertext (org-crypter.ts): ciphertext written before secrets
// were bound to their environment opens in any environment of its organization, so someone who
// can read environment B and write environment A could paste B's secret into A and open it there.
// For every organization that may still hold such ciphertext (Organization.environmentBoundSecrets
// false), this rotates the organization's data key (rotate-org-key.ts): every ciphertext of every
// revision is re-encrypted bound to its environment under a new key, and the flag is set, in one
// transaction per organization. Afterwards legacy ciphertext opens nowhere: the flag refuses the
// format, and any copy kept elsewhere (an old API answer, a CLI's output) is under the retired key.
//
// Interruption-safe: an organization is either rebound and marked, or untouched (its transaction
// rolled back); running again continues with the organizations left. `npm start` runs it before
// serving; `npm run keys:bind-secrets` runs it on its own. Several instances starting at once may
// race for an organization: the loser sees it marked and skips it.
import { createDb, type Db } from "@/lib/db/client";
import { isWriteConflict } from "@/lib/db/errors";
import { databaseUrlFromEnv } from "@/lib/db/url";
import { getMasterKey } from "./master-key";
import { rotateOrgKey, type OrgRotationHooks, type OrgRotationResult } from "./rotate-org-key";

export interface BindResult {
  /** Organizations rebound by this run, with what was rewritten in each. */
  organizations: { name: string; result: OrgRotationResult }[];
}

export interface BindHooks extends OrgRotationHooks {
  /** Called after each organization's transaction has committed (tests simulate a crash here). */
  afterOrganization?: (orgId: string) => void | Promise<void>;
}

const ATTEMPTS = 3;

/** Rebinds every organization that may still hold legacy ciphertext; see the top of this file. */
export async function bindLegacySecrets(
  db: Db,
  masterKey: Uint8Array = getMasterKey(),
  hooks: BindHooks = {},
): Promise<BindResult> {
  const pending = await db.organization.findMany({
    where: { environmentBoundSecrets: false },
    select: { id: true, name: true },
    orderBy: { id: "asc" },
  });
  const done: BindResult = { organizations: [] };
  for (const org of pending) {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await rotateOrgKey(db, { id: org.id }, masterKey, hooks, { onlyIfLegacy: true });
        if (result) done.organizations.push({ name: org.name, result });
        break;
      } catch (error) {
        // Another process rebinding the same organization at the same moment: run again, and
        // the flag it committed makes this a no-op.
        if (!isWriteConflict(error) || attempt >= ATTEMPTS) throw error;
      }
    }
    await hooks.afterOrganization?.(org.id);
  }
  return done;
}

/** One line per rebound organization, for `npm start` and `keys:bind-secrets` (counts and names only). */
export function describeBinding({ organizations }: BindResult): string[] {
  return organizations.map(
    ({ name, result: r }) =>
      `organization ${name}: secrets bound to their environments under a new data key (${r.legacyRebound} legacy and ${r.secrets - r.legacyRebound} other secret(s) re-encrypted in ${r.revisionsRewritten} of ${r.revisions} revision(s) across ${r.environments} environment(s)${r.unreadable > 0 ? `; ${r.unreadable} ciphertext(s) that did not open were left as they were, unreadable` : ""})`,
  );
}

/** What `npm start` runs after the master-key check (which proved the key opens the data keys). Returns notes to print. */
export async function bindLegacySecretsAtStartup(databaseUrl: string = databaseUrlFromEnv()): Promise<string[]> {
  const db = createDb(databaseUrl);
  try {
    return describeBinding(await bindLegacySecrets(db));
  } finally {
    await db.$disconnect();
  }
}
