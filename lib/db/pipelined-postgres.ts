// A few long-lived PostgreSQL connections in node-postgres's pipeline mode, for the single
// statements of lib/db/fast-sql.ts. A pool hands each statement a connection of its own and
// writes it at once: under load that is one socket write per statement, and on a virtual machine
// a loopback write costs about a tenth of a millisecond of the event loop (BENCHMARKS.md,
// bench:load). Here statements are queued on a connection without waiting for the ones before
// them (the server answers them in order, each with its own result or error), and those issued
// while one event is handled (a request arriving, the database's answers) leave together: the
// connection's socket is corked at the first and uncorked once that event's callbacks and
// promise reactions have run (process.nextTick), or when a handful have gathered. Waiting for the
// end of the whole turn (setImmediate) wrote less often but answered later: what is written then
// is read back a turn after what is written during it (BENCHMARKS.md).
//
// Reads and writes take separate connections (lanes). A connection's server process answers its
// statements one after another, and a write's commit waits for the log to reach the disk: a read
// queued behind it would wait for that too (BENCHMARKS.md).
import pg from "pg";

/** Statements that only read, and statements that write (and commit). */
export type Lane = "read" | "write";

export interface PipelinedPostgres {
  /** Runs the named prepared statement `text` with `values` on a connection of `lane`; its rows. */
  query<T>(name: string, text: string, values: unknown[], lane?: Lane): Promise<T[]>;
  /** Closes every connection (queries under way fail). */
  end(): Promise<void>;
}

export interface PipelinedPostgresOptions {
  connectionString: string;
  /** Connections of each lane, each with its own queue of statements. */
  connections: Record<Lane, number>;
  /** How long opening a connection may take before the statements waiting for it fail. */
  connectTimeoutMs: number;
  /** How column values are parsed (pg's own parsers when absent). */
  types?: pg.CustomTypesConfig;
}

/** Statements gathered on a corked socket before it is written without waiting any longer. */
const MAX_CORKED = 8;

/** node-postgres's Client, with what its type declarations leave out (pg 8.23). */
interface Client extends pg.Client {
  ref(): void;
  unref(): void;
}

interface Connection {
  client: Client;
  connected: Promise<unknown>;
  /** Statements written to the corked socket since it was corked; 0 when not corked. */
  corked: number;
}

export function pipelinedPostgres(options: PipelinedPostgresOptions): PipelinedPostgres {
  const { read, write } = options.connections;
  if (!(read >= 1 && write >= 1)) throw new Error("each lane needs at least one connection");
  // One array, the read lane's slots first; a slot's connection is replaced in place.
  const connections: (Connection | undefined)[] = new Array(read + write);
  const lanes: Record<Lane, { first: number; size: number }> = {
    read: { first: 0, size: read },
    write: { first: read, size: write },
  };
  /** Round robin within each lane: the connection its next statement goes to. */
  const next: Record<Lane, number> = { read: 0, write: 0 };
  let underWay = 0;

  function open(slot: number): Connection {
    const client = new pg.Client({
      connectionString: options.connectionString,
      connectionTimeoutMillis: options.connectTimeoutMs,
      pipeline: true,
      types: options.types,
    }) as Client;
    const connection: Connection = { client, connected: client.connect(), corked: 0 };
    // A connection that failed or was closed by the server (a restart, a dropped database) is
    // replaced by the next statement; the statements it carried have already failed.
    const forget = () => {
      if (connections[slot] === connection) connections[slot] = undefined;
      client.end().catch(() => undefined);
    };
    client.on("error", forget);
    client.on("end", forget);
    connection.connected.catch(forget);
    if (underWay === 0) client.unref();
    connections[slot] = connection;
    return connection;
  }

  /** The process may end while no statement is under way (scripts, tests), as with pg's allowExitOnIdle. */
  function holdProcess(hold: boolean) {
    for (const connection of connections) {
      if (hold) connection?.client.ref();
      else connection?.client.unref();
    }
  }

  /** Corks the socket until the event being handled is done, if it is not corked yet. */
  function cork(connection: Connection) {
    if (connection.corked > 0) return;
    connection.client.connection.stream.cork();
    process.nextTick(() => uncork(connection));
  }

  function uncork(connection: Connection) {
    if (connection.corked === 0) return;
    connection.corked = 0;
    connection.client.connection.stream.uncork();
  }

  return {
    async query<T>(name: string, text: string, values: unknown[], lane: Lane = "read"): Promise<T[]> {
      const { first, size } = lanes[lane];
      const slot = first + (next[lane]++ % size);
      const connection = connections[slot] ?? open(slot);
      if (underWay++ === 0) holdProcess(true);
      try {
        await connection.connected;
        cork(connection);
        const result = connection.client.query<T & pg.QueryResultRow>({ name, text, values });
        if (++connection.corked >= MAX_CORKED) uncork(connection);
        return (await result).rows;
      } finally {
        if (--underWay === 0) holdProcess(false);
      }
    },
    async end() {
      await Promise.all(connections.map((connection) => connection?.client.end().catch(() => undefined)));
      connections.fill(undefined);
    },
  };
}
