// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (default
// file:./data/esc.db) and checks that the master key opens the secrets already stored there.
// `npm start` does the same on its own; this is for deploy pipelines and operators.
import { createDb } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";
import { databaseUrlFromEnv } from "../lib/db/url";
import { verifyMasterKey } from "../lib/crypto/verify-master-key";

async function main() {
  const url = databaseUrlFromEnv();
  const applied = await applyMigrations(url);
  console.log(applied.length > 0 ? `applied: ${applied.join(", ")}` : "the database is up to date");
  const db = createDb(url);
  try {
    await verifyMasterKey(db);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
