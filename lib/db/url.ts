// Which database a DATABASE_URL names. SQLite is the zero-setup default; PostgreSQL for real use.
import { mkdirSync } from "node:fs";
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/esc.db";

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseUrlFromEnv(): string {
  return process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgresql";
  // Only the scheme is shown: the rest of a URL may hold a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? "(none)";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres(ql):// (PostgreSQL), not ${scheme}`,
  );
}

/** The file path of a `file:` URL (relative paths are relative to the working directory), its folder created. */
export function sqliteFilePath(url: string): string {
  const raw = decodeURIComponent(url.slice("file:".length).replace(/\?.*$/, ""));
  if (!raw) throw new Error("DATABASE_URL file: needs a path, e.g. file:./data/esc.db");
  const file = path.resolve(raw);
  mkdirSync(path.dirname(file), { recursive: true });
  return file;
}
