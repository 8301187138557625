import { config } from "../config";
import { postgresPool } from "./client";
import { sqliteRead } from "./sqlite-reader";

let pingInFlight: Promise<void> | null = null;

/**
 * Proves the store answers. On SQLite it reads the schema version from the database header, which
 * needs the file itself (a bare `SELECT 1` never opens it). On PostgreSQL it is a round trip on
 * the client's own pool, without the ORM (which cost a millisecond of CPU for `SELECT 1`), and
 * concurrent pings share the one in flight: its answer arrives after each of them asked, so it
 * proves the database answered within one round trip of each, at a fraction of the round trips
 * under load.
 */
export async function pingDatabase(): Promise<void> {
  if (config().databaseKind === "sqlite") {
    sqliteRead<[], number>("PRAGMA schema_version").pluck().get();
    return;
  }
  pingInFlight ??= postgresPool()
    .query("SELECT 1")
    .then(() => undefined)
    .finally(() => {
      pingInFlight = null;
    });
  await pingInFlight;
}
