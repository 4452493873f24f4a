// One instance's start-up migration step (what scripts/start.mjs runs before serving),
// as a separate process so the test can start two at the same moment against one database.
// Prints the names of the migrations this process applied, as JSON.
import { applyMigrations } from "@/lib/db/migrate";

applyMigrations(process.env.DATABASE_URL).then(
  (applied) => console.log(JSON.stringify(applied)),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
