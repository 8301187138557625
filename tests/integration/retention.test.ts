import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { createClient, type Db } from "@/lib/db/client";
import { createUser } from "../helpers/api";
import { createTestDatabase, testStore } from "../helpers/postgres";
import { startServer, type RunningServer } from "../helpers/server";
import { createApiToken } from "../helpers/tokens";

// Issue 15, item 6: the app prunes old usage rows and audit events itself (no external cron),
// at start and hourly, keeping everything younger than the configured number of days.

const DAY = 24 * 3600 * 1000;
let server: RunningServer | undefined;
let client: Db | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), "keyway-retention-"));
const database = testStore() === "postgresql" ? await createTestDatabase() : undefined;
const env = {
  KEYWAY_DATA_DIR: dataDir,
  AUDIT_RETENTION_DAYS: "30",
  USAGE_RETENTION_DAYS: "7",
  ...(database && { DATABASE_URL: database.url }),
};

afterAll(async () => {
  await server?.stop();
  await client?.$disconnect();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

it("prunes usage and audit rows past their retention and keeps the rest", async () => {
  server = await startServer(env);
  const user = await createUser({ base: server.url });
  const token = await createApiToken(user, {}, server.url);
  await server.stop();

  client = createClient(database?.url ?? `file:${path.join(dataDir, "keyway.db")}`);
  const now = Date.now();
  const usage = (daysAgo: number, tool: string) => ({
    tokenId: token.id,
    hourStart: new Date(Math.floor((now - daysAgo * DAY) / 3_600_000) * 3_600_000),
    tool,
    requests: 1,
    succeeded: 1,
  });
  await client.tokenUsage.createMany({ data: [usage(10, "old"), usage(8, "old"), usage(2, "recent")] });
  const event = (daysAgo: number, tool: string) => ({
    tokenId: token.id,
    at: new Date(now - daysAgo * DAY),
    tool,
    outcome: "succeeded",
  });
  await client.usageEvent.createMany({ data: [event(10, "old"), event(2, "recent")] });
  const audit = (daysAgo: number, action: string) => ({
    orgId: user.orgId,
    action,
    targetType: "api_token",
    targetId: token.id,
    createdAt: new Date(now - daysAgo * DAY),
  });
  await client.auditEvent.createMany({
    data: [audit(45, "old.event"), audit(31, "old.event"), audit(10, "recent.event")],
  });

  // The server's start-up migrates the store: let go of it first.
  await client.$disconnect();
  server = await startServer(env);
  client = createClient(database?.url ?? `file:${path.join(dataDir, "keyway.db")}`);
  // The job runs shortly after start: wait for its effect, not for a time.
  const deadline = Date.now() + 30_000;
  while ((await client.tokenUsage.count({ where: { tool: "old" } })) > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(await client.tokenUsage.count({ where: { tool: "old" } })).toBe(0);
  expect(await client.tokenUsage.count({ where: { tool: "recent" } })).toBe(1);
  while ((await client.usageEvent.count({ where: { tool: "old" } })) > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(await client.usageEvent.count({ where: { tool: "old" } })).toBe(0);
  expect(await client.usageEvent.count({ where: { tool: "recent" } })).toBe(1);
  while ((await client.auditEvent.count({ where: { action: "old.event" } })) > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(await client.auditEvent.count({ where: { action: "old.event" } })).toBe(0);
  expect(await client.auditEvent.count({ where: { action: "recent.event" } })).toBe(1);
  expect(await client.auditEvent.count({ where: { action: "token.created" } })).toBe(1);
  // The server kept answering while and after it pruned.
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
});
