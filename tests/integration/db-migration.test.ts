import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/db/migrate";

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
