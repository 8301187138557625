import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, createUser } from "../helpers/api";
import { callTool, connectMcp, initializeMessage, rawMcp } from "../helpers/mcp";
import { startServer, TEST_AUTH_SECRET, TEST_JWT_SECRET, type RunningServer } from "../helpers/server";
import { createApiToken } from "../helpers/tokens";

// The whole journey with debug logging on; afterwards no secret may appear in any log line.
describe("logs with APP_DEBUG=true and LOG_LEVEL=debug", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ APP_DEBUG: "true", LOG_LEVEL: "debug" });
  });
  afterAll(() => server?.stop());

  it("never contain a token, a token hash, a password or a key", async () => {
    const base = server.url;
    const user = await createUser({ base });
    const secrets = [user.password, user.accessToken, TEST_JWT_SECRET, TEST_AUTH_SECRET];

    await api("/api/v2/auth/token", { base, body: { email: user.email, password: "a wrong password" } });
    const created = await createApiToken(user, { scopes: ["execute:mcp", "write:tasks"] }, base);
    secrets.push(created.token);
    const client = await connectMcp(created.token, { base });
    await callTool(client, "create_task", { title: "logged?" });
    await expect(callTool(client, "list_agents")).rejects.toThrow(/read:agents/);
    await client.close();
    await rawMcp(initializeMessage, { base, token: `${created.token.slice(0, -2)}xx` });
    await api("/api/v2/tokens/validate", { base, method: "POST", token: created.token });

    const rotated = await api(`/api/v2/tokens/${created.id}/rotate`, { base, method: "POST", token: user.accessToken });
    secrets.push(rotated.body.token);
    await rawMcp(initializeMessage, { base, token: created.token });
    await api(`/api/v2/tokens/${rotated.body.id}`, { base, method: "DELETE", token: user.accessToken });
    await rawMcp(initializeMessage, { base, token: rotated.body.token });
    await new Promise((r) => setTimeout(r, 1200)); // let the usage flush run and log if it would

    const output = server.output();
    expect(output).toContain('"event":"mcp.auth.allowed"');
    expect(output).toContain('"event":"mcp.auth.refused"');
    const hashes = secrets.map((secret) => createHash("sha256").update(secret).digest("hex"));
    for (const secret of [...secrets, ...hashes]) {
      expect(output.includes(secret), `a secret (${secret.slice(0, 6)}…) appears in the logs`).toBe(false);
    }
    // Nor any JWT-shaped string at all.
    expect(output).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/);
  });
});
