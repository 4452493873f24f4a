// `npm run keys:check`: does the configured master key (ESC_MASTER_KEY or $ESC_DATA_DIR/master.key)
// open the database of DATABASE_URL? Exit 0 if so, 1 with the reason if not. `npm start` runs the same check.
import { checkMasterKeyAtStartup } from "@/lib/crypto/startup-check";

checkMasterKeyAtStartup()
  .then((notes) => {
    for (const note of notes) console.log(note);
    console.log("the master key opens this database");
  })
  .catch((error: unknown) => {
    console.error(`keys:check failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
