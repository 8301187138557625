import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { DiffParams } from "@prisma/schema-engine-wasm";
import { migrationAdapter } from "./migrate";
import { readSchema } from "./migrations";
import { openSchemaEngine } from "./schema-engine";
import type { StoreKind } from "../config/store-kind";

const NO_FILTERS = { externalTables: [], externalEnums: [] };

export const schemaFile = (content: string) => ({ files: [{ path: "schema.prisma", content }] });

/** Whether a migration script has any statement (the engine writes comments for an empty diff). */
export function isEmptyScript(sql: string): boolean {
  return !/\S/.test(sql.replace(/^--.*$/gm, ""));
}

/** The SQL script that takes `from` to `to`, computed by the Wasm engine over `factory`. */
export async function diffScript(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schema: string,
  targets: Pick<DiffParams, "from" | "to">,
): Promise<string> {
  const { engine, explain, close } = await openSchemaEngine(factory, schema);
  try {
    const result = await engine.diff({ ...targets, script: true, exitCode: null, filters: NO_FILTERS });
    return result.stdout ?? "";
  } catch (error) {
    throw explain(error);
  } finally {
    await close();
  }
}

/** What it would take to bring the database at `url` to the store's schema: empty when they agree. */
export function driftFromSchema(url: string, kind: StoreKind, root?: string): Promise<string> {
  const schema = readSchema(kind, root);
  return diffScript(migrationAdapter(url), schema, {
    from: { tag: "schemaDatasource", ...schemaFile(schema), configDir: root ?? process.cwd() },
    to: { tag: "schemaDatamodel", ...schemaFile(schema) },
  });
}

/**
 * The SQL that takes schema `from` (null: an empty database) to schema `to`, read from the two
 * schemas alone. The engine still wants a connection of the target's kind (`serverUrl`); it
 * reads and writes nothing there.
 */
export function schemaChangeScript(serverUrl: string, from: string | null, to: string): Promise<string> {
  return diffScript(migrationAdapter(serverUrl), to, {
    from: from === null ? { tag: "empty" } : { tag: "schemaDatamodel", ...schemaFile(from) },
    to: { tag: "schemaDatamodel", ...schemaFile(to) },
  });
}
