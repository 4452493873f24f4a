// Where each provider's schema and committed SQL migrations live (paths relative to the repo root).
export interface MigrationSet {
  provider: "sqlite" | "postgresql";
  schema: string;
  migrations: string;
}

export const MIGRATION_SETS: readonly MigrationSet[] = [
  { provider: "sqlite", schema: "prisma/schema.prisma", migrations: "prisma/migrations" },
  {
    provider: "postgresql",
    schema: "prisma/postgres/schema.prisma",
    migrations: "prisma/postgres/migrations",
  },
];
