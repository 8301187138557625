import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema } from "@/lib/db/derive-postgres";

describe("the PostgreSQL schema", () => {
  it("is exactly what prisma/schema.prisma derives (run `npm run db:migration -- <name>` after a model change)", () => {
    const source = readFileSync("prisma/schema.prisma", "utf8");
    expect(readFileSync("prisma/postgres/schema.prisma", "utf8")).toBe(derivePostgresSchema(source));
  });

  it("changes only the provider and the client output", () => {
    const derived = derivePostgresSchema(readFileSync("prisma/schema.prisma", "utf8"));
    expect(derived).toContain('provider = "postgresql"');
    expect(derived).toContain("generated/postgres");
    expect(derived.match(/^model \w+/gm)).toEqual(readFileSync("prisma/schema.prisma", "utf8").match(/^model \w+/gm));
  });
});
