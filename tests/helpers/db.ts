import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { inject } from "vitest";
import { createClient, type Db } from "@/lib/db/client";
import { epochKey, EPOCH_TTL_MS } from "@/lib/tokens/token-epochs";
import { testStore } from "./postgres";
import { INTEGRATION_REDIS_URL } from "./redis";

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

/**
 * After a token row was changed by hand (to move time, say): on PostgreSQL + Redis, announce it
 * as Keyway's own writes do, with a fresh epoch for the user, so instances that keep the row read
 * it again. SQLite sees every commit by itself (PRAGMA data_version).
 */
export async function announceTokenChange(userId: string) {
  if (testStore() !== "postgresql") return;
  const redis = new Redis(INTEGRATION_REDIS_URL, { connectTimeout: 2000, maxRetriesPerRequest: 0 });
  try {
    await redis.set(epochKey(userId), randomBytes(12).toString("base64url"), "PX", EPOCH_TTL_MS);
  } finally {
    redis.disconnect();
  }
}
