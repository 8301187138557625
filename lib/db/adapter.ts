import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";

/** The file path of a `file:` URL, with its folder created so the first start needs nothing. */
export function sqliteFile(url: string): string {
  const file = url.replace(/^file:/, "");
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return file;
}

// Unix-epoch milliseconds is how Prisma's native engine stores SQLite DateTimes, so the database
// stays readable by the Prisma CLI and any other Prisma client.
export function sqliteAdapter(url: string) {
  return new PrismaBetterSqlite3({ url: `file:${sqliteFile(url)}` }, { timestampFormat: "unixepoch-ms" });
}

/** WAL lets readers and one writer (and several processes) share the file; it is stored in the file. */
export function enableWal(url: string) {
  const database = new Database(sqliteFile(url));
  try {
    database.pragma("journal_mode = WAL");
  } finally {
    database.close();
  }
}
