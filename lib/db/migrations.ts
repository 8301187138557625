import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";

import type { StoreKind } from "../config/store-kind";

/** Each store has Prisma's standard layout: a schema and a `migrations/` folder beside it. */
export function prismaDir(kind: StoreKind, root = process.cwd()): string {
  return kind === "sqlite" ? path.join(root, "prisma") : path.join(root, "prisma", "postgres");
}

export function readSchema(kind: StoreKind, root?: string): string {
  return readFileSync(path.join(prismaDir(kind, root), "schema.prisma"), "utf8");
}

/** The migrations folder as the engine expects it, read the way the Prisma CLI reads it. */
export function readMigrations(kind: StoreKind, root?: string): MigrationList {
  const baseDir = path.join(prismaDir(kind, root), "migrations");
  const lockPath = path.join(baseDir, "migration_lock.toml");
  const directories = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => {
      const file = path.join(baseDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok" as const, value: readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `${file} is missing` },
        },
      };
    }),
  };
}
