import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

// Prisma's migration engine, compiled to Wasm, driven through a driver adapter: it needs no native
// binary, and it keeps `_prisma_migrations` exactly as `prisma migrate deploy` does.
type WasmBindings = typeof import("@prisma/schema-engine-wasm") & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let bindings: Promise<WasmBindings> | undefined;

function loadBindings(): Promise<WasmBindings> {
  bindings ??= (async () => {
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as WasmBindings;
    const require = createRequire(import.meta.url);
    // The .wasm file is not in the package's exports; it sits beside the bindings.
    const wasmPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return bindings;
}

export type EngineHandle = {
  engine: SchemaEngine;
  /** Frees the engine and disposes its connections (on SQLite it holds an exclusive lock). */
  close(): Promise<void>;
  /** The engine reports adapter failures as "External error id#N"; this recovers the real cause. */
  explain(error: unknown): Error;
};

export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schema: string,
): Promise<EngineHandle> {
  const { SchemaEngine } = await loadBindings();
  const connections: { dispose(): Promise<void> }[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      connections.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await factory.connectToShadowDb();
      connections.push(adapter);
      return adapter;
    },
  };
  const bound = bindMigrationAwareSqlAdapterFactory(tracked);
  const log = (message: string) => {
    if (process.env.APP_DEBUG === "true") console.debug("[schema-engine]", message);
  };
  const engine = await SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, log, bound);
  const explain = (error: unknown): Error => {
    const message = error instanceof Error ? error.message : String(error);
    const id = /External error id#(\d+)/.exec(message)?.[1];
    const cause = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id))?.error;
    return new Error(cause ? `${message}: ${JSON.stringify(cause)}` : message);
  };
  const close = async () => {
    engine.free();
    await Promise.allSettled(connections.map((connection) => connection.dispose()));
  };
  return { engine, explain, close };
}
