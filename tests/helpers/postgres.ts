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
