// `npm run keys:rotate-org -- --org NAME`: a new data key for one organization, with every
// `fn::secret` in every revision of its environments re-encrypted (bound to its environment), in
// one transaction.
// See docs/security.md.
import { parseArgs } from "node:util";
import { getDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { rotateOrgKey } from "@/lib/crypto/rotate-org-key";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { org: { type: "string" } }, strict: true });
  const org = values.org?.trim();
  if (!org) throw new Error("usage: npm run keys:rotate-org -- --org NAME");
  await applyMigrations();
  const r = await rotateOrgKey(getDb(), org);
  console.log(
    `organization ${org}: new data key; re-encrypted ${r.secrets} secret(s) in ${r.revisionsRewritten} of ${r.revisions} revision(s) across ${r.environments} environment(s)`,
  );
  if (r.legacyRebound > 0)
    console.log(`${r.legacyRebound} of them were legacy organization-bound ciphertext, now bound to their environment`);
  if (r.unreadable > 0) {
    console.log(
      `${r.unreadable} ciphertext(s) could not be opened with the old key either and were left unchanged`,
    );
  }
}

main()
  .catch((error: unknown) => {
    console.error(`keys:rotate-org failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => getDb().$disconnect());
