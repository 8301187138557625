// The one place that reads a DATABASE_URL's kind: config, the client, migrations, the Prisma CLI
// config and the tests all ask here.
export type StoreKind = "sqlite" | "postgresql";

/** `postgresql://` (or `postgres://`) is a PostgreSQL server, `file:` the embedded SQLite; else null. */
export function storeKindOf(url: string): StoreKind | null {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  return null;
}
