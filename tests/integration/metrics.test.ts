import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, signIn, type TestUser } from "../helpers/api";
import { rawMcp, toolCall } from "../helpers/mcp";
import { exchange, obtainCode, REDIRECT_URI, refreshWith, register } from "../helpers/oauth";
import { startServer, type RunningServer } from "../helpers/server";
import { createApiToken } from "../helpers/tokens";
import { until } from "../helpers/wait";

// Issue 23, item 6: what operators watch, as Prometheus metrics through HTTP. Off unless
// METRICS_TOKEN is set; requests by route, /mcp calls by tool and outcome, refusals by reason,
// OAuth events, the usage flush; never a token, an e-mail or an address in a label.

const METRICS_TOKEN = "metrics-token-that-is-at-least-32-bytes-long";
let server: RunningServer;
let user: TestUser;

beforeAll(async () => {
  server = await startServer({ METRICS_TOKEN });
  user = await createUser({ base: server.url });
});
afterAll(async () => {
  await server?.stop();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return response.text();
}

/** The value of one series, `name{labels}`, with the labels in the order prom-client writes them. */
function value(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("GET /metrics", () => {
  it("does not exist unless METRICS_TOKEN is set, and asks for that token", async () => {
    expect(
      (await fetch(`${baseUrl()}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status,
    ).toBe(404);
    const none = await fetch(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="keyway"');
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${"x".repeat(40)}` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("counts requests, /mcp calls and refusals by reason, OAuth events and the usage flush, with nothing personal", async () => {
    const base = server.url;
    const reader = await createApiToken(user, { scopes: ["execute:mcp", "read:tasks"] }, base);
    const limited = await createApiToken(user, { rateLimitPerHour: 1 }, base);
    const revoked = await createApiToken(user, {}, base);
    await api(`/api/v2/tokens/${revoked.id}`, { base, method: "DELETE", token: user.accessToken });

    expect((await rawMcp(toolCall("list_tasks"), { base, token: reader.token })).status).toBe(200);
    expect((await rawMcp(toolCall("list_tasks"), { base, token: reader.token })).status).toBe(200);
    expect((await rawMcp(toolCall("create_task", { title: "no" }), { base, token: reader.token })).status).toBe(403);
    expect((await rawMcp(toolCall("whoami"), { base })).status).toBe(401);
    expect((await rawMcp(toolCall("whoami"), { base, token: revoked.token })).status).toBe(401);
    expect((await rawMcp(toolCall("whoami"), { base, token: "not.a.token" })).status).toBe(401);
    expect((await rawMcp(toolCall("whoami"), { base, token: limited.token })).status).toBe(200);
    expect((await rawMcp(toolCall("whoami"), { base, token: limited.token })).status).toBe(429);

    const cookie = (await signIn(user, { base })).cookie;
    const clientId = (await register({}, base)).body.client_id;
    const { code, verifier } = await obtainCode(cookie, clientId, { base });
    const tokens = (await exchange(clientId, code, verifier, REDIRECT_URI, base)).body;
    expect((await refreshWith(clientId, tokens.refresh_token, base)).status).toBe(200);

    // The usage flush runs once a second: wait for its first observation, not for a time.
    let text = "";
    await until(async () => {
      text = await scrape();
      return value(text, "keyway_usage_flush_lag_seconds_count") > 0;
    });

    expect(value(text, 'keyway_mcp_calls_total{tool="list_tasks",outcome="succeeded",server="keyway"}')).toBe(2);
    expect(value(text, 'keyway_mcp_calls_total{tool="create_task",outcome="denied",server="keyway"}')).toBe(1);
    expect(value(text, 'keyway_mcp_calls_total{tool="whoami",outcome="rateLimited",server="keyway"}')).toBe(1);
    for (const [reason, count] of [
      ["scope", 1],
      ["no_token", 1],
      ["revoked", 1],
      ["invalid", 1],
      ["rate_limit", 1],
    ] as const) {
      expect(value(text, `keyway_mcp_refusals_total{reason="${reason}"}`), reason).toBe(count);
    }
    expect(value(text, 'keyway_oauth_grant_events_total{event="issued"}')).toBe(1);
    expect(value(text, 'keyway_oauth_grant_events_total{event="refreshed"}')).toBe(1);
    // Requests are counted by route pattern in the server itself; ids never become labels.
    // The three that were answered 200: two list_tasks and the limited token's first whoami.
    expect(value(text, 'keyway_http_requests_total{route="/mcp",method="POST",status="200"}')).toBe(3);
    expect(value(text, 'keyway_http_requests_total{route="/api/v2/tokens/{id}",method="DELETE",status="200"}')).toBe(1);
    expect(text).toMatch(/keyway_http_request_duration_seconds_bucket\{le="[\d.]+",route="\/mcp"\}/);
    expect(text).toContain("keyway_process_cpu_seconds_total");

    for (const secret of [reader.token, revoked.id, user.email, user.userId, "127.0.0.1", tokens.access_token]) {
      expect(text).not.toContain(secret);
    }
  });

  it("counts every request answered before a scrape, across the batches requests are counted in", async () => {
    // More than one batch of finished requests (256): the first is counted when it fills, the rest
    // when the scrape asks; the 400 the server answers itself is counted too.
    const answered = await Promise.all(
      Array.from({ length: 300 }, () =>
        fetch(`${server.url}/api/ping`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        }),
      ),
    );
    expect(answered.every((response) => response.status === 200)).toBe(true);
    expect((await fetch(`${server.url}/api/%E0%A4%A`)).status).toBe(400);
    const text = await scrape();
    expect(value(text, 'keyway_http_requests_total{route="/api/ping",method="POST",status="200"}')).toBe(300);
    expect(value(text, 'keyway_http_request_duration_seconds_count{route="/api/ping"}')).toBe(300);
    expect(value(text, 'keyway_http_requests_total{route="/api/{id}",method="GET",status="400"}')).toBe(1);
  });
});
