import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { config } from "../config";
import { sqliteAdapter } from "./adapter";
import { storeKindOf } from "../config/store-kind";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { PrismaClient } from "./generated/sqlite/client";
import { configuredRedis, type RedisTarget } from "./redis";
import { invalidatingClient } from "./token-epochs";
import type { Db } from "./types";

export type { Db };

/**
 * A client for `url`: every Prisma client of Keyway's, the server's and a script's alike. On
 * PostgreSQL with Redis (`redis`, the deployment's REDIS_URL) it announces every change to a
 * token's verification state to all instances (lib/db/token-epochs.ts). On PostgreSQL everything
 * is bounded by `timeoutMs` (DATABASE_TIMEOUT_MS):
 * the wait for a pooled connection (or a new one), each statement on the server
 * (`statement_timeout`, which keeps the connection usable), each reply on the client (for a server
 * or network that stopped answering), and the wait to start a transaction, so a slow or gone
 * database answers 503 instead of holding requests.
 */
export function createClient(url: string, options: { timeoutMs?: number; redis?: RedisTarget } = {}): Db {
  const { timeoutMs = 5000, redis } = options;
  if (storeKindOf(url) === "postgresql") return postgresClient(createPool(url, timeoutMs), timeoutMs, redis);
  return new PrismaClient({ adapter: sqliteAdapter(url) });
}

function postgresClient(pool: pg.Pool, timeoutMs: number, redis: RedisTarget | undefined): Db {
  const client = new PostgresClient({
    // `$disconnect` ends the pool too, so a script's process exits at once.
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
    transactionOptions: { maxWait: timeoutMs, timeout: 2 * timeoutMs },
  }) as unknown as Db;
  return invalidatingClient(client, redis);
}

function createPool(url: string, timeoutMs: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 1000,
  });
  // An idle connection whose server went away is dropped by the pool; the next query reports it.
  pool.on("error", () => undefined);
  return pool;
}

const globalForDb = globalThis as unknown as { keywayDb?: Db; keywayPool?: pg.Pool };

/**
 * This process's PostgreSQL pool, the one its Prisma client uses, for the few statements that
 * need no ORM (the health ping). Only on PostgreSQL.
 */
export function postgresPool(): pg.Pool {
  globalForDb.keywayPool ??= createPool(config().databaseUrl, config().databaseTimeoutMs);
  return globalForDb.keywayPool;
}

/** The one Prisma client of this process (cached on globalThis so dev hot reload reuses it). */
export function db(): Db {
  if (!globalForDb.keywayDb) {
    const { databaseUrl, databaseKind, databaseTimeoutMs } = config();
    globalForDb.keywayDb =
      databaseKind === "postgresql"
        ? postgresClient(postgresPool(), databaseTimeoutMs, configuredRedis())
        : createClient(databaseUrl);
  }
  return globalForDb.keywayDb;
}
