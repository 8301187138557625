import { describe, expect, it } from "vitest";
import { api, baseUrl, createUser, postFrom, signIn, type TestUser } from "../helpers/api";
import { testDb } from "../helpers/db";
import { callTool, connectLegacySse, connectMcp, rawMcp, toolCall } from "../helpers/mcp";
import { createApiToken, waitForUsage } from "../helpers/tokens";

// The defects of the outside security review (issue 11), each through the public surface.

const batchOf = (count: number, call: (i: number) => ReturnType<typeof toolCall>) =>
  Array.from({ length: count }, (_, i) => call(i));

describe("a JSON-RPC batch counts every call against the rate limit", () => {
  it("runs only the calls that fit under the limit, refuses the rest, and records each call once", async () => {
    const user = await createUser();
    const limited = await createApiToken(user, { scopes: ["execute:mcp", "write:tasks"], rateLimitPerHour: 2 });
    const batch = batchOf(50, (i) => toolCall("create_task", { title: `batched ${i}` }, i + 1));

    const first = await rawMcp(batch, { token: limited.token });
    expect(first.status).toBe(200);
    expect(first.json).toHaveLength(50);
    const ran = first.json.filter((answer: any) => answer.result);
    const refused = first.json.filter((answer: any) => answer.error);
    expect(ran.map((answer: any) => answer.id)).toEqual([1, 2]);
    expect(refused.map((answer: any) => answer.id)).toEqual(batch.slice(2).map((call) => call.id));
    expect(refused[0].error).toEqual({
      code: -32000,
      message: "Rate limit of 2 requests per hour exceeded; this call did not run.",
      data: { status: 429 },
    });
    expect(first.headers.get("ratelimit-remaining")).toBe("0");

    for (let i = 0; i < 2; i++) {
      const again = await rawMcp(batch, { token: limited.token });
      expect(again.status).toBe(429);
      expect(again.headers.get("retry-after")).toMatch(/^\d+$/);
    }

    expect(await testDb().task.count({ where: { orgId: user.orgId } })).toBe(2);
    const usage = await waitForUsage(user, limited.id, (u) => u.totals.requests === 150);
    expect(usage.totals).toEqual({ requests: 150, succeeded: 2, errors: 0, denied: 0, rateLimited: 148 });
    expect(usage.byTool).toEqual([expect.objectContaining({ tool: "create_task", requests: 150, succeeded: 2 })]);
  });

  it("counts a batch that fits as all of its calls", async () => {
    const user = await createUser();
    const token = await createApiToken(user, { rateLimitPerHour: 5 });
    const batch = batchOf(3, (i) => toolCall("list_tasks", {}, i + 1));
    const response = await rawMcp(batch, { token: token.token });
    expect(response.status).toBe(200);
    expect(response.json.map((answer: any) => answer.result?.isError ?? false)).toEqual([false, false, false]);
    expect(response.headers.get("ratelimit-remaining")).toBe("2");
    const single = await rawMcp(toolCall("health_check"), { token: token.token });
    expect(single.headers.get("ratelimit-remaining")).toBe("1");
  });
});

describe("the legacy SSE transport acts with the token's state at each message", () => {
  it("applies narrowed scopes and revocation to a session opened before them", async () => {
    const user = await createUser();
    const token = await createApiToken(user, { scopes: ["execute:mcp", "write:tasks"] });
    const client = await connectLegacySse(token.token);
    expect((await callTool(client, "whoami")).structuredContent.scopes).toContain("write:tasks");

    const narrowed = await api(`/api/v2/tokens/${token.id}`, {
      method: "PATCH",
      token: user.accessToken,
      body: { scopes: ["execute:mcp", "read:tasks"] },
    });
    expect(narrowed.status).toBe(200);

    await expect(callTool(client, "create_task", { title: "after narrowing" })).rejects.toThrow(
      /requires the write:tasks scope/,
    );
    expect(await testDb().task.count({ where: { orgId: user.orgId } })).toBe(0);
    const whoami = (await callTool(client, "whoami")).structuredContent;
    expect(whoami.scopes).not.toContain("write:tasks");
    expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain("create_task");

    expect((await api(`/api/v2/tokens/${token.id}`, { method: "DELETE", token: user.accessToken })).status).toBe(200);
    await expect(callTool(client, "list_tasks")).rejects.toThrow(/401/);
    await client.close();
  });
});

describe("sign-in redirects stay on this origin", () => {
  async function credentialsCallback(callbackUrl: string) {
    return (await signIn(await createUser(), { callbackUrl })).url;
  }

  it.each(["/\\evil.example/", "/\t/evil.example/", "/\\/evil.example/", "//evil.example/", "https://evil.example/"])(
    "sends %j back to this app, never elsewhere",
    async (callbackUrl) => {
      const url = new URL(await credentialsCallback(callbackUrl));
      expect(url.origin).toBe(baseUrl());
    },
  );

  it("keeps a same-origin target", async () => {
    expect(await credentialsCallback("/tokens?tab=generate")).toBe(`${baseUrl()}/tokens?tab=generate`);
  });
});

describe("tool results cannot be amplified by deep documents", () => {
  const nested = (depth: number): Record<string, unknown> => {
    let doc: Record<string, unknown> = { leaf: "x" };
    for (let i = 1; i < depth; i++) doc = { a: doc };
    return doc;
  };

  it("refuses a document nested deeper than 32 levels with a tool error, and stores nothing", async () => {
    const user = await createUser();
    const token = await createApiToken(user, { scopes: ["execute:mcp", "write:context"] });
    const client = await connectMcp(token.token);
    const refused = await callTool(client, "update_context", { level: "organization", data: nested(33) });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toBe(
      "Invalid arguments for update_context: data: must nest at most 32 levels deep",
    );
    const stored = await callTool(client, "get_context", { level: "organization" });
    expect(stored.structuredContent.data).toEqual({});
    await client.close();
  });

  it("refuses a body nested thousands of levels deep before parsing it", async () => {
    const user = await createUser();
    const token = await createApiToken(user, { scopes: ["execute:mcp", "write:context"] });
    const deep = JSON.stringify(toolCall("update_context", { level: "organization", data: nested(3900) }));
    const response = await rawMcp(deep, { token: token.token });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32700, message: "The request body nests arrays and objects more than 64 levels deep." },
    });
    const rest = await api("/api/v2/tokens", { token: user.accessToken, rawBody: `{"name":${"[".repeat(5000)}` });
    expect(rest.status).toBe(400);
    expect(rest.body.error.code).toBe("invalid_json");
  });

  it("renders a document as compact JSON, so output grows with the document, not the square of its depth", async () => {
    const user = await createUser();
    const token = await createApiToken(user, { scopes: ["execute:mcp", "write:context"] });
    const client = await connectMcp(token.token);
    const data = nested(32);
    expect((await callTool(client, "update_context", { level: "organization", data })).isError).toBeUndefined();
    const result = await callTool(client, "get_context", { level: "organization" });
    expect(result.structuredContent.data).toEqual(data);
    expect(result.content[0]!.text).toBe(JSON.stringify(result.structuredContent));
    await client.close();
  });
});

describe("sessions end on the server", () => {
  const listWith = (cookie: string) => fetch(`${baseUrl()}/api/v2/tokens`, { headers: { cookie } });

  it("sign-out ends that session: the old cookie no longer authorizes anything", async () => {
    const user = await createUser();
    const kept = await signIn(user);
    const ended = await signIn(user);
    expect((await listWith(ended.cookie)).status).toBe(200);

    const signOut = await fetch(`${baseUrl()}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: ended.cookie },
      body: new URLSearchParams({ csrfToken: ended.csrfToken, json: "true" }),
    });
    expect(signOut.status).toBe(200);

    const replayed = await listWith(ended.cookie);
    expect(replayed.status).toBe(401);
    expect(replayed.headers.get("www-authenticate")).toBe('Bearer realm="keyway"');
    expect((await listWith(kept.cookie)).status).toBe(200);
  });

  it("a password change ends every session and user access token of the user", async () => {
    const user = await createUser();
    const browser = await signIn(user);
    const other = await createUser();
    const change = (token: string, body: unknown) => api("/api/v2/auth/password", { token, body });

    const wrong = await change(user.accessToken, { currentPassword: "not it", newPassword: "a new long password" });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      error: { code: "invalid_credentials", message: "The current password is incorrect." },
    });
    expect((await listWith(browser.cookie)).status).toBe(200);

    const changed = await change(user.accessToken, {
      currentPassword: user.password,
      newPassword: "a new long password",
    });
    expect(changed.status).toBe(204);
    expect((await listWith(browser.cookie)).status).toBe(401);
    const stale = await api("/api/v2/tokens", { token: user.accessToken });
    expect(stale.status).toBe(401);
    expect(stale.body.error.message).toBe("Invalid token: the session has ended");

    expect((await api("/api/v2/auth/token", { body: { email: user.email, password: user.password } })).status).toBe(
      401,
    );
    const fresh = await api("/api/v2/auth/token", { body: { email: user.email, password: "a new long password" } });
    expect(fresh.status).toBe(200);
    expect((await api("/api/v2/tokens", { token: fresh.body.accessToken })).status).toBe(200);
    // Nobody else's sessions are touched.
    expect((await api("/api/v2/tokens", { token: other.accessToken })).status).toBe(200);
  });
});

describe("paths Next.js cannot decode", () => {
  it.each([
    "/api/v2/tokens/%zz",
    "/api/v2/tokens/%E0%A4%A",
    "/api/v2/tokens/%zz/usage",
    "/api/v2/tokens/%E0%A4%A/rotate",
    "/mcp/%zz",
    "/tokens/%zz",
  ])("answers %s with 400 and the API's error body", async (path) => {
    const response = await fetch(`${baseUrl()}${path}`, { method: path.endsWith("rotate") ? "POST" : "GET" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({
      error: { code: "bad_request", message: "The request path has a malformed percent-escape." },
    });
  });
});

describe("every response carries the security headers", () => {
  it("on pages, APIs, /mcp, files, 401s, 404s and the paths Next cannot decode alike", async () => {
    const user = await createUser();
    const token = await createApiToken(user, {});
    const responses = await Promise.all([
      fetch(`${baseUrl()}/signin`),
      api("/api/v2/tokens", { token: user.accessToken }),
      api("/api/v2/tokens"),
      rawMcp(toolCall("list_tasks", {}, 1), { token: token.token }),
      fetch(`${baseUrl()}/mcp`, { method: "POST" }),
      fetch(`${baseUrl()}/icon.svg`),
      fetch(`${baseUrl()}/no-such-page`),
      fetch(`${baseUrl()}/api/v2/tokens/%zz`),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 401, 200, 401, 200, 404, 400]);
    for (const { headers } of responses) {
      expect(headers.get("x-content-type-options")).toBe("nosniff");
      expect(headers.get("x-frame-options")).toBe("DENY");
      expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    }
  });
});

describe("every 401 carries a challenge", () => {
  it("answers each way of being unauthenticated with WWW-Authenticate", async () => {
    const user = await createUser();
    const token = await createApiToken(user, {});
    const cases: [string, Promise<{ status: number; headers: Headers }>][] = [
      ["wrong password", api("/api/v2/auth/token", { body: { email: user.email, password: "wrong password" } })],
      ["no credentials", api("/api/v2/tokens")],
      ["a bad user access token", api("/api/v2/tokens", { token: "a.b.c" })],
      ["an API token for management", api("/api/v2/tokens", { token: token.token })],
      [
        "wrong current password",
        api("/api/v2/auth/password", {
          token: user.accessToken,
          body: { currentPassword: "no", newPassword: "long enough" },
        }),
      ],
      ["no token at /mcp", rawMcp(toolCall("whoami"))],
      ["a bad token at /mcp", rawMcp(toolCall("whoami"), { token: "a.b.c" })],
      ["no token at /mcp/sse", fetch(`${baseUrl()}/mcp/sse`)],
      ["no token at validate", api("/api/v2/tokens/validate", { method: "POST" })],
    ];
    for (const [name, pending] of cases) {
      const response = await pending;
      expect({ name, status: response.status }).toEqual({ name, status: 401 });
      expect({ name, challenge: response.headers.get("www-authenticate") }).toEqual({
        name,
        challenge: expect.stringMatching(/^Bearer realm="keyway"/),
      });
    }
  });
});

describe("password guessing cannot lock out the owner", () => {
  const guess = (address: string, email: string, password: string) =>
    postFrom(address, "/api/v2/auth/token", { email, password });

  it("shuts out only the guessing address after 10 failures; the owner elsewhere still signs in", async () => {
    const user = await createUser();
    for (let i = 0; i < 10; i++) expect((await guess("127.0.0.2", user.email, `wrong ${i}`)).status).toBe(401);
    for (const password of ["wrong again", user.password]) {
      const refused = await guess("127.0.0.2", user.email, password);
      expect(refused.status).toBe(429);
      expect(refused.body.error.message).toMatch(
        /^Too many failed sign-in attempts for this account from your address; try again in \d+ s\.$/,
      );
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(800);
    }
    expect((await guess("127.0.0.3", user.email, user.password)).status).toBe(200);
    expect((await api("/api/v2/auth/token", { body: { email: user.email, password: user.password } })).status).toBe(
      200,
    );
  });

  it("refuses everyone after 100 failures on one account, from however many addresses", async () => {
    const user = await createUser();
    const addresses = Array.from({ length: 10 }, (_, i) => `127.0.1.${i + 1}`);
    await Promise.all(
      addresses.map(async (address) => {
        for (let i = 0; i < 10; i++) expect((await guess(address, user.email, `wrong ${i}`)).status).toBe(401);
      }),
    );
    const refused = await guess("127.0.0.4", user.email, user.password);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(
      /^Too many failed sign-in attempts for this account; try again in \d+ s\.$/,
    );
  });
});
