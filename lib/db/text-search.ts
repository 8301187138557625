import { config } from "../config";
import type { Prisma } from "./types";

/**
 * A "contains, ignoring case" filter on both stores. SQLite's LIKE already ignores ASCII case;
 * PostgreSQL needs `mode: "insensitive"`, which the SQLite client's types (that stand for both,
 * lib/db/types.ts) do not know, hence the cast.
 */
export function containsIgnoringCase(text: string): Prisma.StringFilter {
  if (config().databaseKind !== "postgresql") return { contains: text };
  return { contains: text, mode: "insensitive" } as Prisma.StringFilter;
}
