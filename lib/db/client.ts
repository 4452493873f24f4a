// The Prisma client for this process, chosen by DATABASE_URL: `file:…` → SQLite through
// better-sqlite3, `postgres(ql)://…` → PostgreSQL through node-postgres. Two clients are generated
// (lib/db/generated/{sqlite,postgres}) from schemas that differ only in provider, so their APIs
// match; `Db` is the type callers write against.
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, type Prisma } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { tagWithUrl } from "./fast-sql";
import { autocheckpointPages } from "./sqlite-checkpointer";
import { sqliteSynchronous } from "./sqlite-synchronous";
import { databaseKind, databaseUrlFromEnv, sqliteFilePath } from "./url";

export type Db = SqliteClient;
/** The client handed to `db.$transaction(async (tx) => …)` callbacks. */
export type DbTx = Prisma.TransactionClient;
export type { Prisma };
export type * as Models from "./generated/sqlite/models";

/**
 * How long a SQLite statement waits for another process's write lock. better-sqlite3 waits
 * synchronously (the event loop stands still), so this stays short; a writer that still loses
 * gets a conflict it can retry (lib/db/errors.ts).
 */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/** How long opening a PostgreSQL connection may take. */
const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;

/** Prisma's SQLite adapter, its connection set up as above once it opens. */
class SqliteAdapter extends PrismaBetterSqlite3 {
  constructor(private readonly file: string) {
    super({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS });
  }

  override async connect() {
    const adapter = await super.connect();
    const connection = (adapter as unknown as { client: Database.Database }).client;
    connection.pragma(`synchronous = ${sqliteSynchronous()}`);
    connection.pragma(`wal_autocheckpoint = ${autocheckpointPages(this.file)}`);
    return adapter;
  }
}

/** A new client for `url`. Most code wants `getDb()`; tests use this for their own databases. */
export function createDb(url: string): Db {
  if (databaseKind(url) === "sqlite") {
    const file = sqliteFilePath(url);
    // WAL lets readers proceed while one writer commits; the setting is stored in the file.
    const setup = new Database(file, { timeout: 30_000 });
    setup.pragma("journal_mode = WAL");
    setup.close();
    const client = new SqliteClient({
      adapter: new SqliteAdapter(file),
    });
    tagWithUrl(client, url);
    return client;
  }
  // A database that does not answer fails the request after this long instead of hanging it
  // (pg waits forever by default); the API answers 503 (lib/api/handler.ts).
  const client = new PostgresClient({
    adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS }),
  });
  tagWithUrl(client, url);
  // Both clients are generated from the same models, so the PostgreSQL one fits the SQLite type.
  return client as unknown as Db;
}

const cache = globalThis as unknown as { __escDb?: { url: string; db: Db } };

/** One client per process (kept across Next.js dev reloads), for DATABASE_URL or file:./data/esc.db. */
export function getDb(): Db {
  const url = databaseUrlFromEnv();
  if (cache.__escDb?.url !== url) cache.__escDb = { url, db: createDb(url) };
  return cache.__escDb.db;
}
