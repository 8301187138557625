import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { enableWal, sqliteAdapter } from "./adapter";
import { readMigrations, readSchema } from "./migrations";
import { storeKindOf, type StoreKind } from "../config/store-kind";
import { openSchemaEngine } from "./schema-engine";

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The kind of a URL the configuration has already accepted (anything but PostgreSQL is SQLite). */
export function storeKind(url: string): StoreKind {
  return storeKindOf(url) ?? "sqlite";
}

export function migrationAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  return storeKind(url) === "postgresql" ? new PrismaPg({ connectionString: url }) : sqliteAdapter(url);
}

/**
 * Applies every migration in the store's `migrations/` folder that the database has not seen,
 * as `prisma migrate deploy` would. Returns the names it applied.
 * On SQLite the engine holds an exclusive lock until it is freed, so callers open their own
 * clients only after this returns.
 */
export async function migrateDatabase(url: string, root?: string): Promise<string[]> {
  const kind = storeKind(url);
  const { engine, explain, close } = await openSchemaEngine(migrationAdapter(url), readSchema(kind, root));
  let applied: string[];
  try {
    ({ appliedMigrationNames: applied } = await engine.applyMigrations({
      migrationsList: readMigrations(kind, root),
      filters: NO_FILTERS,
    }));
  } catch (error) {
    throw explain(error);
  } finally {
    await close();
  }
  if (kind === "sqlite") enableWal(url);
  return applied;
}
