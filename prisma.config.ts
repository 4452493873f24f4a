// Prisma CLI configuration. Only `prisma generate` runs through the CLI here: migrations are
// created and applied with the WebAssembly schema engine (lib/db/migrate.ts,
// scripts/db-migration-create.ts), because the native engine cannot be downloaded offline.
import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// `prisma generate` insists on a schema engine binary being present although it never runs it;
// pointing at any existing file stops it from trying to download one.
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(process.env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.resolve("package.json");
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
