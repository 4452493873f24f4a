// `npm run oidc:rotate-key`: adds a new active OIDC signing key. The previous key stays in the
// JWKS for ESC_OIDC_KEY_OVERLAP (default 24h) so tokens signed just before still verify.
import { getDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { defaultSigningKeys } from "@/lib/oidc/default-signing-keys";
import { keyOverlapMsFromEnv } from "@/lib/oidc/signing-keys";

async function main(): Promise<void> {
  const overlapHours = keyOverlapMsFromEnv() / 3_600_000;
  await applyMigrations();
  const { kid, retired } = await defaultSigningKeys().rotate();
  console.log(`new active OIDC signing key: ${kid}`);
  if (retired.length > 0) {
    console.log(`still published for ${overlapHours}h (ESC_OIDC_KEY_OVERLAP): ${retired.join(", ")}`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(`oidc:rotate-key failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => getDb().$disconnect());
