import { inject } from "vitest";
import { createClient, type Db } from "@/lib/db/client";

// Direct access to the test server's real database (SQLite or PostgreSQL), for seeding what the
// API has no call for (a second member of an organization) and for checking what was stored.
let client: Db | undefined;

export function testDb(): Db {
  client ??= createClient(inject("databaseUrl"));
  return client;
}

export async function addMember(userId: string, orgId: string, role: "owner" | "admin" | "member") {
  const db = testDb();
  // A user acts in their first organization: move them into `orgId` for the test.
  await db.membership.deleteMany({ where: { userId } });
  await db.membership.create({ data: { userId, orgId, role } });
}
