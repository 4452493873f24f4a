// Writes a new migration for both providers from the difference between the committed migrations
// and the current schemas, using Prisma's wasm schema engine (no download, no `migrate dev`).
//
//   npm run db:migration:create -- <name>      (after editing prisma/schema.prisma)
//
// The engine replays the existing migrations into a scratch "shadow" database to learn where they
// leave the schema: an in-memory SQLite database, and a scratch PostgreSQL database created on the
// server named by SHADOW_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) and
// dropped afterwards.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { MIGRATION_SETS, type MigrationSet } from "../lib/db/migration-sets";
import { migrationLockfile, pendingMigrationScript } from "../lib/db/migration-diff";

const root = path.resolve(__dirname, "..");

async function createFor(set: MigrationSet, name: string, stamp: string): Promise<string | null> {
  const script = await pendingMigrationScript(set, root);
  if (!script) return null;
  const dir = path.join(root, set.migrations);
  const folder = path.join(dir, `${stamp}_${name}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "migration.sql"), script);
  writeFileSync(path.join(dir, "migration_lock.toml"), migrationLockfile(set.provider));
  return path.relative(root, folder);
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]{1,80}$/.test(name)) {
    console.error("usage: npm run db:migration:create -- <name>   (lowercase letters, digits, _)");
    process.exit(2);
  }
  // Keep the PostgreSQL twin and both clients in step with the SQLite source first.
  execFileSync(process.execPath, [path.join(root, "scripts", "prisma-generate.mjs")], { stdio: "inherit" });
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const set of MIGRATION_SETS) {
    const written = await createFor(set, name, stamp);
    console.log(
      written
        ? `wrote ${written}/migration.sql`
        : `${set.provider}: schema and migrations agree, nothing to write`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
