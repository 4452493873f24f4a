// `npm run admin -- …`: see lib/admin/run.ts (and `npm run admin -- --help`).
import { readFileSync } from "node:fs";
import { runAdmin } from "@/lib/admin/run";
import { getDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { databaseUrlFromEnv } from "@/lib/db/url";

async function main(): Promise<number> {
  const code = await runAdmin(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => readFileSync(0, "utf8"),
    prepare: async () => {
      await applyMigrations(databaseUrlFromEnv());
    },
  });
  await getDb()
    .$disconnect()
    .catch(() => undefined);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
