// Prisma's schema engine, compiled to WebAssembly, driven through a driver adapter. It is the only
// migration engine that runs offline (the native one is downloaded on demand, which fails here).
// Used by scripts/db-migration-create.ts to write migrations; applying them is lib/db/migrate.ts.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type * as Engine from "@prisma/schema-engine-wasm";

export type SchemaEngine = Engine.SchemaEngine;
export type { MigrationList, SchemasContainer } from "@prisma/schema-engine-wasm";

let loaded: Promise<typeof Engine> | undefined;

/** Instantiates the wasm by hand: the package's entry point expects a bundler to do it. */
function loadEngineModule(): Promise<typeof Engine> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const glue = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bindings = (await import(/* webpackIgnore: true */ pathToFileURL(glue).href)) as typeof Engine & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const { instance } = await WebAssembly.instantiate(
      readFileSync(path.join(path.dirname(glue), "schema_engine_bg.wasm")),
      {
        "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
      },
    );
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return loaded;
}

/**
 * better-sqlite3 prepares one statement at a time, but the engine sends whole migration scripts
 * through executeRaw when it replays them; scripts without parameters go to executeScript instead.
 */
export function sqliteForSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      if (query.args.length === 0) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      return executeRaw(query);
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}

type PgQueryable = { performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[] }> };

/**
 * adapter-pg cannot describe the `"char"` type (OID 18) that the engine's catalog queries return
 * (e.g. pg_class.relkind); it is a one-byte string, so it is reported as text (OID 25).
 */
export function postgresForSchemaEngine(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const patchQueryable = (queryable: object) => {
    const target = queryable as unknown as PgQueryable;
    const performIO = target.performIO.bind(target);
    target.performIO = async (query) => {
      const result = await performIO(query);
      for (const field of result.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
      return result;
    };
  };
  patchQueryable(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => {
    const tx = await startTransaction(...args);
    patchQueryable(tx);
    return tx;
  };
  return adapter;
}

/** A schema engine over the given schema text, talking to the database through `adapter`. */
export async function createSchemaEngine(
  schema: { path: string; content: string },
  adapter: SqlMigrationAwareDriverAdapterFactory,
): Promise<SchemaEngine> {
  const engine = await loadEngineModule();
  const log = (message: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`${message}\n`);
  };
  return engine.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    log,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
}
