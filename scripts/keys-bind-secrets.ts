// `npm run keys:bind-secrets`: rebinds legacy organization-bound `fn::secret` ciphertext to the
// environments holding it, one organization (one transaction, under a new data key) at a time.
// `npm start` does the same before serving; this runs it on its own. Safe to interrupt and rerun.
// See docs/security.md.
import { getDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { bindLegacySecrets, describeBinding } from "@/lib/crypto/bind-legacy-secrets";

async function main(): Promise<void> {
  await applyMigrations();
  const lines = describeBinding(await bindLegacySecrets(getDb()));
  for (const line of lines) console.log(line);
  console.log(
    lines.length > 0
      ? `rebound ${lines.length} organization(s); every secret is now bound to its environment`
      : "nothing to do: every secret is already bound to its environment",
  );
}

main()
  .catch((error: unknown) => {
    console.error(`keys:bind-secrets failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => getDb().$disconnect());
