import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, createUser, type TestUser } from "../helpers/api";
import { initializeMessage, rawMcp } from "../helpers/mcp";
import { scaleOutServicesReady } from "../helpers/scale-out";
import { startServer, type RunningServer } from "../helpers/server";
import { startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from "../helpers/services";
import { createApiToken } from "../helpers/tokens";

// PostgreSQL and Redis restarting under load: clear 503s while down, never a 500 or a stack
// trace, nothing lost, and service resumes by itself. The test owns both servers.
const ready = await scaleOutServicesReady();

type Sample = { status: number; body: string };

/** Sends requests one after another until stopped, keeping every answer. */
function load(base: string, token: string) {
  const samples: Sample[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      try {
        const response = await rawMcp(initializeMessage, { base, token });
        samples.push({ status: response.status, body: response.text });
      } catch (error) {
        samples.push({ status: 0, body: String(error) });
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!ready)("faults", () => {
  let pg: PrivatePostgres;
  let redis: PrivateRedis;
  let server: RunningServer;
  let user: TestUser;
  let good: { id: string; token: string };
  let revoked: { id: string; token: string };

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    redis = await startPrivateRedis();
    server = await startServer({ DATABASE_URL: pg.url, REDIS_URL: redis.url });
    user = await createUser({ base: server.url });
    good = await createApiToken(user, {}, server.url);
    revoked = await createApiToken(user, {}, server.url);
    await api(`/api/v2/tokens/${revoked.id}`, { base: server.url, method: "DELETE", token: user.accessToken });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await redis?.stop();
    pg?.destroy();
  });

  it("answers 503 while PostgreSQL is down and recovers when it is back, losing nothing", async () => {
    const traffic = load(server.url, good.token);
    await until(() => traffic.samples.some((s) => s.status === 200), 10_000);
    pg.stop();
    await until(() => traffic.samples.filter((s) => s.status === 503).length >= 5, 20_000);
    const health = await api("/api/health", { base: server.url });
    expect(health.status).toBe(503);
    pg.start();
    const resumedFrom = traffic.samples.length;
    await until(() => traffic.samples.slice(resumedFrom).some((s) => s.status === 200), 30_000);
    await traffic.stop();

    const statuses = new Set(traffic.samples.map((s) => s.status));
    expect([...statuses].sort()).toEqual([200, 503]);
    for (const sample of traffic.samples.filter((s) => s.status === 503)) {
      expect(JSON.parse(sample.body)).toEqual({
        error: { code: "service_unavailable", message: "The service is temporarily unavailable; retry shortly." },
      });
    }
    expect(server.output()).not.toContain("api.unhandled_error");

    // Tokens and revocations survived the restart.
    expect((await rawMcp(initializeMessage, { base: server.url, token: good.token })).status).toBe(200);
    const stillRevoked = await rawMcp(initializeMessage, { base: server.url, token: revoked.token });
    expect(stillRevoked.json.error.message).toBe("Token has been revoked");
    const list = await api("/api/v2/tokens", { base: server.url, token: user.accessToken });
    expect(list.body.tokens.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      [revoked.id, "revoked"],
      [good.id, "active"],
    ]);
  });

  it("answers 503 while Redis is down and recovers when it is back", async () => {
    const traffic = load(server.url, good.token);
    await until(() => traffic.samples.some((s) => s.status === 200), 10_000);
    await redis.stop();
    await until(() => traffic.samples.filter((s) => s.status === 503).length >= 3, 20_000);
    await redis.start();
    const resumedFrom = traffic.samples.length;
    await until(() => traffic.samples.slice(resumedFrom).some((s) => s.status === 200), 30_000);
    await traffic.stop();

    expect([...new Set(traffic.samples.map((s) => s.status))].sort()).toEqual([200, 503]);
    const refused = traffic.samples.find((s) => s.status === 503)!;
    expect(JSON.parse(refused.body)).toEqual({
      error: { code: "service_unavailable", message: "Rate limiting is temporarily unavailable; retry shortly." },
    });
    expect(server.output()).not.toContain("api.unhandled_error");
  });
});
