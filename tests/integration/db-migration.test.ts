import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { driftFromSchema, schemaChangeScript } from "@/lib/db/diff";
import { migrateDatabase } from "@/lib/db/migrate";
import { readSchema } from "@/lib/db/migrations";
import { catalogOf, createTestDatabase, queryRows, runScript, testStore } from "../helpers/postgres";

// Both histories are applied by the suite's own runs (SQLite in `vitest run`, PostgreSQL in
// `npm run test:postgres`) to an empty database and compared with the schema that store's client
// is generated from. Any difference is a migration someone forgot to write.
describe("each store's migrations produce its schema", () => {
  it(`applies the ${testStore()} migrations to an empty database with no difference left`, async () => {
    if (testStore() === "sqlite") {
      const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "keyway-drift-")), "drift.db")}`;
      expect((await migrateDatabase(url)).length).toBeGreaterThan(0);
      const drift = await driftFromSchema(url, "sqlite");
      expect(drift.replace(/^--.*$/gm, "").trim()).toBe("");
      return;
    }
    // adapter-pg 7.10 cannot introspect PostgreSQL for the engine ("Column type 'char' could not
    // be deserialized"), so the migrated database is compared, catalog to catalog, with one
    // created straight from the derived schema.
    const migrated = await createTestDatabase();
    const fromSchema = await createTestDatabase();
    try {
      expect((await migrateDatabase(migrated.url)).length).toBeGreaterThan(0);
      await runScript(fromSchema.url, await schemaChangeScript(fromSchema.url, null, readSchema("postgresql")));
      const [expected, actual] = await Promise.all([catalogOf(fromSchema.url), catalogOf(migrated.url)]);
      expect(expected.columns.length).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
    } finally {
      await Promise.all([migrated.drop(), fromSchema.drop()]);
    }
  }, 60_000);
});

// The documented one-command step for a model change, on a copy of prisma/: it writes a new
// migration folder for each store, and the new SQLite migration applies on top of the others.
describe("npm run db:migration -- <name>", () => {
  it("turns a new model into new migration folders that apply", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "keyway-migration-test-"));
    cpSync("prisma", path.join(root, "prisma"), { recursive: true });
    const schemaPath = path.join(root, "prisma", "schema.prisma");
    writeFileSync(
      schemaPath,
      `${readFileSync(schemaPath, "utf8")}\nmodel Widget {\n  id   String @id\n  name String\n}\n`,
    );
    const before = readdirSync(path.join(root, "prisma", "migrations"));

    execFileSync(path.resolve("node_modules/.bin/tsx"), [path.resolve("scripts/db-migration.ts"), "add_widget"], {
      cwd: root,
      stdio: "pipe",
    });

    const added = readdirSync(path.join(root, "prisma", "migrations")).filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^\d{14}_add_widget$/);
    expect(readFileSync(path.join(root, "prisma", "migrations", added[0]!, "migration.sql"), "utf8")).toContain(
      'CREATE TABLE "Widget"',
    );
    const postgres = readdirSync(path.join(root, "prisma", "postgres", "migrations")).filter((name) =>
      name.endsWith("_add_widget"),
    );
    expect(
      readFileSync(path.join(root, "prisma", "postgres", "migrations", postgres[0]!, "migration.sql"), "utf8"),
    ).toContain('CREATE TABLE "Widget"');

    const url = `file:${path.join(root, "data", "test.db")}`;
    expect(await migrateDatabase(url, root)).toContain(added[0]);
    const database = new Database(path.join(root, "data", "test.db"));
    expect(database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Widget'").get()).toEqual({
      name: "Widget",
    });
    database.close();
  }, 60_000);
});

// Issue 32: SSO domains claimed before domain proof existed carry over, unproven (they admit no
// one until their organization publishes its DNS record): the real migration, on each store, over
// a database migrated to just before it.
describe("the sso_domain_proof migration", () => {
  it(`keeps each claimed domain, unproven (${testStore()})`, async () => {
    const root = mkdtempSync(path.join(tmpdir(), "keyway-domain-proof-"));
    cpSync("prisma", path.join(root, "prisma"), { recursive: true });
    const migrations =
      testStore() === "sqlite"
        ? path.join(root, "prisma", "migrations")
        : path.join(root, "prisma", "postgres", "migrations");
    const proof = readdirSync(migrations).find((name) => name.endsWith("_sso_domain_proof"))!;
    const held = path.join(root, "held");
    cpSync(path.join(migrations, proof), held, { recursive: true });
    rmSync(path.join(migrations, proof), { recursive: true });

    const server = testStore() === "postgresql" ? await createTestDatabase() : undefined;
    const file = path.join(root, "data", "old.db");
    const url = server?.url ?? `file:${file}`;
    const rows = async (sql: string) => {
      if (server) return queryRows(server.url, sql);
      const database = new Database(file);
      try {
        return database.prepare(sql).all();
      } finally {
        database.close();
      }
    };
    const exec = async (sql: string) => {
      if (server) return runScript(server.url, sql);
      const database = new Database(file);
      database.exec(sql);
      database.close();
    };
    try {
      expect(await migrateDatabase(url, root)).not.toContain(proof);
      await exec(`INSERT INTO "Organization" ("id", "name") VALUES ('org1', 'Acme');
        INSERT INTO "SsoConnection" ("orgId", "issuer", "clientId", "clientSecretSealed", "updatedAt")
          VALUES ('org1', 'https://idp.example', 'keyway', 'sealed', CURRENT_TIMESTAMP);
        INSERT INTO "SsoDomain" ("domain", "orgId") VALUES ('acme.example', 'org1'), ('acme.test', 'org1');`);

      cpSync(held, path.join(migrations, proof), { recursive: true });
      expect(await migrateDatabase(url, root)).toEqual([proof]);
      expect(await rows(`SELECT "orgId", "domain", "proven", "provenAt" FROM "SsoDomain" ORDER BY "domain"`)).toEqual([
        { orgId: "org1", domain: "acme.example", proven: null, provenAt: null },
        { orgId: "org1", domain: "acme.test", proven: null, provenAt: null },
      ]);
    } finally {
      await server?.drop();
    }
  }, 60_000);
});
