import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { sqliteAdapter } from "./adapter";
import { storeKindOf } from "./store-kind";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { PrismaClient } from "./generated/sqlite/client";

// Both clients are generated from the same models (the PostgreSQL schema is derived from the
// SQLite one), so they share one API; the SQLite client's types stand for both.
export type Db = PrismaClient;

/**
 * A client for `url`. On PostgreSQL everything is bounded by `timeoutMs` (DATABASE_TIMEOUT_MS):
 * the wait for a pooled connection (or a new one), each statement on the server
 * (`statement_timeout`, which keeps the connection usable), each reply on the client (for a server
 * or network that stopped answering), and the wait to start a transaction, so a slow or gone
 * database answers 503 instead of holding requests.
 */
export function createClient(url: string, timeoutMs = 5000): Db {
  if (storeKindOf(url) === "postgresql") {
    const adapter = new PrismaPg({
      connectionString: url,
      max: 10,
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: timeoutMs,
      query_timeout: timeoutMs + 1000,
    });
    return new PostgresClient({
      adapter,
      transactionOptions: { maxWait: timeoutMs, timeout: 2 * timeoutMs },
    }) as unknown as Db;
  }
  return new PrismaClient({ adapter: sqliteAdapter(url) });
}

const globalForDb = globalThis as unknown as { keywayDb?: Db };

/** The one Prisma client of this process (cached on globalThis so dev hot reload reuses it). */
export function db(): Db {
  globalForDb.keywayDb ??= createClient(config().databaseUrl, config().databaseTimeoutMs);
  return globalForDb.keywayDb;
}
