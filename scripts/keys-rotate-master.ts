// `npm run keys:rotate-master`: re-seals everything sealed with the master key under a new one.
// The new key comes from ESC_NEW_MASTER_KEY, or (key-file mode only) is generated and written to
// $ESC_DATA_DIR/master.key. Stop the server first. See docs/security.md.
import { getDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { decodeMasterKey } from "@/lib/crypto/master-key";
import { rotateMasterKey } from "@/lib/crypto/rotate-master-key";

async function main(): Promise<void> {
  const given = process.env.ESC_NEW_MASTER_KEY;
  const newKey = given ? decodeMasterKey(given, "ESC_NEW_MASTER_KEY") : undefined;
  await applyMigrations();
  const result = await rotateMasterKey(getDb(), newKey);
  console.log(
    `rewrapped ${result.organizations} organization data key(s), ${result.signingKeys} OIDC signing key(s), ` +
      `${result.openSessions} open session(s); deleted ${result.expiredSessionsDeleted} expired session(s)`,
  );
  console.log(
    result.keyFile
      ? `the new master key is in ${result.keyFile}`
      : "now set ESC_MASTER_KEY to the value of ESC_NEW_MASTER_KEY before starting the server",
  );
}

main()
  .catch((error: unknown) => {
    console.error(`keys:rotate-master failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => getDb().$disconnect());
