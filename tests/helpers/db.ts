import { inject } from "vitest";
import { createClient, type Db } from "@/lib/db/client";
import { testStore } from "./postgres";
import { INTEGRATION_REDIS_URL } from "./redis";

// Direct access to the test server's real database (SQLite or PostgreSQL), for seeding what the
// API has no call for (a second member of an organization) and for checking what was stored. It
// is a Prisma client like the server's: on PostgreSQL + Redis its changes to tokens are announced
// to the server's instances as the server's own are (lib/db/token-epochs.ts), so a test that moves
// a token's expiry by hand is seen at the next request.
let client: Db | undefined;

export function testDb(): Db {
  client ??= createClient(inject("databaseUrl"), {
    ...(testStore() === "postgresql" && { redis: { url: INTEGRATION_REDIS_URL, timeoutMs: 2000 } }),
  });
  return client;
}

export async function addMember(userId: string, orgId: string, role: "owner" | "admin" | "member") {
  const db = testDb();
  // A user acts in their first organization: move them into `orgId` for the test.
  await db.membership.deleteMany({ where: { userId } });
  await db.membership.create({ data: { userId, orgId, role } });
}
