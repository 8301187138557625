import { config } from "../config";
import { postgresPool } from "./client";
import { sqliteRead } from "./sqlite-reader";

/**
 * Proves the store answers. On SQLite it reads the schema version from the database header, which
 * needs the file itself (a bare `SELECT 1` never opens it); on PostgreSQL it is a round trip on
 * the client's own pool, without the ORM (which cost a millisecond of CPU for `SELECT 1`).
 */
export async function pingDatabase(): Promise<void> {
  if (config().databaseKind === "sqlite") {
    sqliteRead<[], number>("PRAGMA schema_version").pluck().get();
    return;
  }
  await postgresPool().query("SELECT 1");
}
