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

describe("both Prisma schemas", () => {
  it("are Latin-1 text: the generated clients embed them in the server bundle, and one character beyond Latin-1 makes V8 keep those bundles as two-byte strings, twice the memory", () => {
    for (const file of ["prisma/schema.prisma", "prisma/postgres/schema.prisma"]) {
      expect([...readFileSync(file, "utf8")].filter((char) => char.codePointAt(0)! > 0xff)).toEqual([]);
    }
  });
});
