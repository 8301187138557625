import { inject } from "vitest";
import { sqliteAdapter } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/sqlite/client";

// Direct access to the test server's real database, for seeding what the API has no call for
// (a second member of an organization) and for checking what was stored.
let client: PrismaClient | undefined;

export function testDb(): PrismaClient {
  client ??= new PrismaClient({ adapter: sqliteAdapter(inject("databaseUrl")) });
  return client;
}

export async function addMember(userId: string, orgId: string, role: "owner" | "admin" | "member") {
  const db = testDb();
  // A user acts in their first organization: move them into `orgId` for the test.
  await db.membership.deleteMany({ where: { userId } });
  await db.membership.create({ data: { userId, orgId, role } });
}
