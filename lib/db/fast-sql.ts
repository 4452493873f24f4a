// Reads on the REST API's hot path (token, membership, environment, revision, open session),
// sent with the database driver itself instead of through Prisma. A Prisma model query costs
// about half a millisecond of CPU before the database sees it, the same read through the driver
// with a prepared statement a few microseconds (SQLite) or a tenth of a millisecond (PostgreSQL);
// at a dozen reads per open that was most of the server's time (BENCHMARKS.md, bench:load).
//
// Single statements, never a transaction of the caller's; the rows of one insert call are one
// transaction of their own (one commit, one wait for the disk). On SQLite, reads and inserts
// share a connection of their own (WAL lets it read while Prisma's connection writes), which never
// waits for the write lock: when someone holds it (a Prisma transaction in this very process would
// never let go while better-sqlite3 blocked the event loop waiting), `insert` says so and the
// caller writes through Prisma, which takes its turn. Sharing keeps that connection's page cache,
// which SQLite empties whenever another connection has written; a read it cannot make at once
// (rare in WAL mode) goes to a read-only connection that may wait. PostgreSQL gets two pipelined
// connections of its own, one for reads and one for inserts (lib/db/pipelined-postgres.ts). A
// transaction client (db.$transaction's `tx`) is not the client createDb made: its reads go
// through Prisma's raw queries, inside the transaction, and its inserts are refused the same way.
// SQL is written once, with `?` placeholders and double-quoted identifiers (Prisma's names), which
// both databases accept; rows come back as the driver gives them, so callers normalise dates and
// booleans (asDate, asBoolean) and pass timestamps as `timestamp()`.
import Database from "better-sqlite3";
import pg from "pg";
import { pipelinedPostgres } from "./pipelined-postgres";
import { autocheckpointPages } from "./sqlite-checkpointer";
import { sqliteSynchronous } from "./sqlite-synchronous";
import { databaseKind, sqliteFilePath, type DatabaseKind } from "./url";

export type SqlParam = string | number | null | Uint8Array;

/** One single-row INSERT statement with its parameters. */
export interface Insert {
  sql: string;
  params: readonly SqlParam[];
}

export interface FastSql {
  readonly kind: DatabaseKind;
  /** The rows `sql` selects, with `params` bound to its `?` placeholders in order. */
  rows<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /**
   * Runs single-row INSERTs as one transaction (all or none); false (nothing written) when it
   * would have to wait for another writer or runs in a transaction, and the caller writes
   * through Prisma instead.
   */
  insert(inserts: readonly Insert[]): Promise<boolean>;
  /** A timestamp parameter, in the form Prisma stores DateTime columns in this database. */
  timestamp(date: Date): string;
}

/** How long a read waits for SQLite (only a checkpoint can hold a reader up) or a connection. */
const WAIT_MS = 5_000;
const PIPELINED_CONNECTIONS = { read: 1, write: 1 };

/** Prepared statements of one SQLite connection, opened on first use. */
function sqliteStatements(open: () => Database.Database) {
  let connection: Database.Database | undefined;
  const statements = new Map<string, Database.Statement>();
  const statement = (sql: string): Database.Statement => {
    connection ??= open();
    let prepared = statements.get(sql);
    if (!prepared) {
      prepared = connection.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  };
  /** Runs `work` as one transaction (BEGIN IMMEDIATE: it is for writes). */
  const transaction = (work: () => void): void => {
    connection ??= open();
    connection.transaction(work).immediate();
  };
  return { statement, transaction };
}

function sqliteRunner(url: string): FastSql {
  const file = sqliteFilePath(url);
  const waitingReader = sqliteStatements(() => new Database(file, { readonly: true, timeout: WAIT_MS }));
  const connection = sqliteStatements(() => {
    // timeout 0: a held write lock is reported at once instead of waited for (see above).
    const connection = new Database(file, { timeout: 0 });
    connection.pragma(`synchronous = ${sqliteSynchronous()}`);
    connection.pragma(`wal_autocheckpoint = ${autocheckpointPages(file)}`);
    return connection;
  });
  return {
    kind: "sqlite",
    async rows<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      try {
        return connection.statement(sql).all(...params) as T[];
      } catch (error) {
        if (!isSqliteBusy(error)) throw error;
        return waitingReader.statement(sql).all(...params) as T[];
      }
    },
    async insert(inserts) {
      try {
        const run = () => inserts.forEach(({ sql, params }) => connection.statement(sql).run(...params));
        if (inserts.length === 1) run();
        else connection.transaction(run);
        return true;
      } catch (error) {
        if (isSqliteBusy(error)) return false;
        throw error;
      }
    },
    // Prisma's own text form ("2026-11-26T02:10:33.936+00:00"), so stored values compare alike.
    timestamp: (date) => date.toISOString().replace(/Z$/, "+00:00"),
  };
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, …). */
const isSqliteBusy = (error: unknown) => String((error as { code?: unknown }).code).startsWith("SQLITE_BUSY");

function postgresRunner(url: string): FastSql {
  const connections = pipelinedPostgres({
    connectionString: url,
    connections: PIPELINED_CONNECTIONS,
    connectTimeoutMs: WAIT_MS,
    types: { getTypeParser: typeParser },
  });
  // Named statements are prepared once per connection; `?` becomes `$1`, `$2`, … once per text.
  const named = new Map<string, { name: string; text: string }>();
  const prepared = (sql: string) => {
    let entry = named.get(sql);
    if (!entry) {
      let n = 0;
      entry = { name: `esc_fast_${named.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
      named.set(sql, entry);
    }
    return entry;
  };
  return {
    kind: "postgresql",
    async rows<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      const { name, text } = prepared(sql);
      return connections.query<T>(name, text, [...params]);
    },
    async insert(inserts) {
      // Several rows in one statement, so in one transaction: each INSERT but the last becomes a
      // data-modifying WITH query, which PostgreSQL runs whether or not anything reads it.
      const sql = inserts
        .map(({ sql }, i) =>
          i < inserts.length - 1 ? `${i === 0 ? "WITH" : ","} "w${i}" AS (${sql})` : ` ${sql}`,
        )
        .join("");
      const { name, text } = prepared(sql);
      await connections.query(
        name,
        text,
        inserts.flatMap(({ params }) => params),
        "write",
      );
      return true;
    },
    // Columns are `timestamp(3)` without a zone, holding UTC (as Prisma writes them); PostgreSQL
    // drops the "Z" of an ISO text for such a column.
    timestamp: (date) => date.toISOString(),
  };
}

/** pg's own parsers, except `timestamp` (without a zone). */
const typeParser = ((oid: number, format?: "text" | "binary") =>
  oid === pg.types.builtins.TIMESTAMP && format !== "binary"
    ? parseUtcTimestamp
    : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"];

/**
 * A `timestamp` column's text ("2026-11-26 08:00:00.123") as the UTC instant it holds: Prisma
 * writes UTC there. pg would read it in the process's local time zone, which on a server not set
 * to UTC moves every expiry by hours (an expired token or session accepted west of Greenwich).
 */
function parseUtcTimestamp(text: string): Date {
  return new Date(`${text.replace(" ", "T")}Z`);
}

/** A transaction client: reads through Prisma's raw queries (inside the transaction), no inserts. */
function transactionRunner(client: RawQueryable): FastSql {
  const kind: DatabaseKind = client._activeProvider === "postgresql" ? "postgresql" : "sqlite";
  const placeholders = (sql: string) => {
    let n = 0;
    return kind === "postgresql" ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  };
  return {
    kind,
    rows: <T>(sql: string, params: readonly SqlParam[] = []) =>
      client.$queryRawUnsafe<T[]>(placeholders(sql), ...params),
    insert: async () => false,
    timestamp: (date) => date.toISOString(),
  };
}

interface RawQueryable {
  _activeProvider?: string;
  $queryRawUnsafe<T>(sql: string, ...params: unknown[]): Promise<T>;
}

// Kept on the Prisma client object under a registry symbol, not in a module-level map: the
// console (Next's bundle) and the API server (lib loaded by tsx) are two copies of this module in
// one process, sharing one client through lib/db/client.ts's global. Transaction clients carry
// their parent's properties, so the tag names the client it was made for.
const TAG = Symbol.for("esc.db.fastSql");

interface Tag {
  url: string;
  client: object;
  runner?: FastSql;
}

/** Records which database a client talks to (lib/db/client.ts, when it creates one). */
export function tagWithUrl(client: object, url: string): void {
  (client as { [TAG]?: Tag })[TAG] = { url, client };
}

/** The driver-level statements for the database of `client`. */
export function fastSql(client: object): FastSql {
  const tag = (client as { [TAG]?: Tag })[TAG];
  if (!tag || tag.client !== client) return transactionRunner(client as RawQueryable);
  tag.runner ??= databaseKind(tag.url) === "sqlite" ? sqliteRunner(tag.url) : postgresRunner(tag.url);
  return tag.runner;
}

/** A row for `table`: column → value, Dates as timestamps. */
export interface TableRow {
  table: string;
  row: Record<string, SqlParam | Date>;
}

/**
 * Inserts `rows` through the driver, all in one transaction; false (nothing written) when they
 * must go through Prisma instead (FastSql.insert). Table and column names are the Prisma
 * model's, from code, never from input.
 */
export function insertRows(client: object, rows: readonly TableRow[]): Promise<boolean> {
  const sql = fastSql(client);
  return sql.insert(
    rows.map(({ table, row }) => {
      const columns = Object.keys(row);
      return {
        sql: `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
        params: columns.map((c) => {
          const value = row[c];
          return value instanceof Date ? sql.timestamp(value) : value;
        }),
      };
    }),
  );
}

/** A DATETIME column as a Date: SQLite gives Prisma's ISO text, PostgreSQL a Date. */
export function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as string | number);
}

export function asOptionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : asDate(value);
}

/** A BOOLEAN column: SQLite gives 0 or 1, PostgreSQL a boolean. */
export function asBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === 1n;
}
