// prisma/schema.prisma (SQLite) is the one source of truth for the models. Prisma allows one
// provider per schema, so the PostgreSQL schema is derived from it: same models, other provider
// and client output. The models avoid provider-specific types, so nothing else changes.
export const DERIVED_HEADER = "// GENERATED from prisma/schema.prisma by `npm run db:migration`. Do not edit.\n";

export function derivePostgresSchema(sqliteSchema: string): string {
  const derived = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/lib\/db\/generated\/sqlite"/, 'output       = "../../lib/db/generated/postgres"');
  if (!derived.includes('"postgresql"') || !derived.includes("generated/postgres")) {
    throw new Error("prisma/schema.prisma no longer has the datasource or generator lines the derivation expects.");
  }
  return DERIVED_HEADER + derived.replace(/^\/\/ The one source of truth[^\n]*\n\/\/ prisma\/postgres[^\n]*\n/m, "");
}
