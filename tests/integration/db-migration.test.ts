import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { driftFromSchema, schemaChangeScript } from "@/lib/db/diff";
import { migrateDatabase } from "@/lib/db/migrate";
import { readSchema } from "@/lib/db/migrations";
import { catalogOf, createTestDatabase, runScript, testStore } from "../helpers/postgres";

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
