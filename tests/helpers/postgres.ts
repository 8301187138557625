import { randomUUID } from "node:crypto";
import pg from "pg";

// The suites run against SQLite by default and against PostgreSQL when KEYWAY_TEST_STORE says
// so (npm test does both). Each server gets a database of its own on the shared server.
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export function testStore(): "sqlite" | "postgresql" {
  return process.env.KEYWAY_TEST_STORE === "postgresql" ? "postgresql" : "sqlite";
}

async function admin<T>(run: (client: pg.Client) => Promise<T>, url = TEST_POSTGRES_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function postgresReachable(url = TEST_POSTGRES_URL): Promise<boolean> {
  try {
    await admin((client) => client.query("SELECT 1"), url);
    return true;
  } catch {
    return false;
  }
}

/** A new, empty database on the test server; returns its URL and a function that drops it. */
export async function createTestDatabase(serverUrl = TEST_POSTGRES_URL) {
  const name = `keyway_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`), serverUrl);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`), serverUrl),
  };
}

/**
 * What a PostgreSQL database's public schema consists of: columns, constraints and indexes, in a
 * stable order, without the migration bookkeeping table. Two databases with equal catalogs hold
 * the same schema, however each got there.
 */
export async function catalogOf(url: string) {
  return admin(async (client) => {
    const skip = "_prisma_migrations";
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> $1
        ORDER BY table_name, column_name`,
      [skip],
    );
    const constraints = await client.query(
      `SELECT rel.relname AS table_name, con.conname, pg_get_constraintdef(con.oid) AS definition
         FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
         JOIN pg_namespace ns ON ns.oid = rel.relnamespace
        WHERE ns.nspname = 'public' AND rel.relname <> $1
        ORDER BY rel.relname, con.conname`,
      [skip],
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> $1 ORDER BY tablename, indexname`,
      [skip],
    );
    return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows };
  }, url);
}

/** Runs a multi-statement SQL script (a migration) against a database. */
export async function runScript(url: string, sql: string): Promise<void> {
  await admin((client) => client.query(sql), url);
}

/** The rows one query returns. */
export async function queryRows(url: string, sql: string): Promise<Record<string, unknown>[]> {
  return admin(async (client) => (await client.query(sql)).rows, url);
}
