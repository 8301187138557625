import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, postFrom, type TestUser } from "../helpers/api";
import { toolCall } from "../helpers/mcp";
import { startServer, type RunningServer } from "../helpers/server";
import { createApiToken, waitForUsage } from "../helpers/tokens";

// Issue 15, item 5: a token may be limited to client addresses and CIDR ranges. /mcp refuses any
// other address with a 403 that gives the reason, never the list. The address is the socket's,
// unless TRUSTED_PROXIES names the proxy whose X-Forwarded-For is then believed.

const MCP_HEADERS = { accept: "application/json, text/event-stream" };
const whoamiFrom = (address: string, token: string, base = baseUrl(), headers: Record<string, string> = {}) =>
  postFrom(address, "/mcp", toolCall("whoami"), base, { ...MCP_HEADERS, authorization: `Bearer ${token}`, ...headers });

let user: TestUser;
beforeAll(async () => {
  user = await createUser();
});

describe("allowed client addresses", () => {
  it("admits listed addresses and ranges, refuses others with a reason that does not reveal the list, and counts the denial", async () => {
    const created = await createApiToken(user, { allowedAddresses: ["127.0.0.2", "127.0.1.0/24"] });
    expect(created.allowedAddresses).toEqual(["127.0.0.2", "127.0.1.0/24"]);
    expect((await whoamiFrom("127.0.0.2", created.token)).status).toBe(200);
    expect((await whoamiFrom("127.0.1.77", created.token)).status).toBe(200);

    const refused = await whoamiFrom("127.0.0.3", created.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("This token may not be used from this client address.");
    expect(JSON.stringify(refused.body)).not.toContain("127.0.1.0");
    const validate = await postFrom("127.0.0.3", "/api/v2/tokens/validate", {}, baseUrl(), {
      authorization: `Bearer ${created.token}`,
    });
    expect(validate.status).toBe(403);
    await waitForUsage(user, created.id, (usage) => usage.totals.denied === 1 && usage.totals.succeeded === 2);
  });

  it("checks IPv6 addresses", async () => {
    const v6 = await createApiToken(user, { allowedAddresses: ["::1"] });
    const port = new URL(baseUrl()).port;
    const call = (base: string) =>
      fetch(`${base}/mcp`, {
        method: "POST",
        headers: { ...MCP_HEADERS, "content-type": "application/json", authorization: `Bearer ${v6.token}` },
        body: JSON.stringify(toolCall("whoami")),
      });
    expect((await call(`http://[::1]:${port}`)).status).toBe(200);
    expect((await call(baseUrl())).status).toBe(403);
  });

  it("admits a newly listed address at its very next request", async () => {
    // The server keeps the token's row (and its list) between requests; a widened list must still
    // count at once, even for an address the kept row refuses.
    const created = await createApiToken(user, { allowedAddresses: ["127.0.0.2"] });
    expect((await whoamiFrom("127.0.0.2", created.token)).status).toBe(200);
    expect((await whoamiFrom("127.0.0.3", created.token)).status).toBe(403);
    const widened = await api(`/api/v2/tokens/${created.id}`, {
      method: "PATCH",
      token: user.accessToken,
      body: { allowedAddresses: ["127.0.0.2", "127.0.0.3"] },
    });
    expect(widened.status).toBe(200);
    expect((await whoamiFrom("127.0.0.3", created.token)).status).toBe(200);
    const narrowed = await api(`/api/v2/tokens/${created.id}`, {
      method: "PATCH",
      token: user.accessToken,
      body: { allowedAddresses: ["127.0.0.3"] },
    });
    expect(narrowed.status).toBe(200);
    expect((await whoamiFrom("127.0.0.2", created.token)).status).toBe(403);
  });

  it("can be changed and cleared later, refuses malformed entries, and survives rotation", async () => {
    const created = await createApiToken(user);
    expect(created.allowedAddresses).toEqual([]);
    const bad = await api(`/api/v2/tokens/${created.id}`, {
      method: "PATCH",
      token: user.accessToken,
      body: { allowedAddresses: ["10.0.0.0/33"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields["allowedAddresses.0"][0]).toContain("not an IP address or CIDR range");
    const limited = await api(`/api/v2/tokens/${created.id}`, {
      method: "PATCH",
      token: user.accessToken,
      body: { allowedAddresses: ["2001:db8::/32"] },
    });
    expect(limited.body.allowedAddresses).toEqual(["2001:db8::/32"]);
    expect((await whoamiFrom("127.0.0.1", created.token)).status).toBe(403);

    const rotated = await api(`/api/v2/tokens/${created.id}/rotate`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    expect(rotated.body.allowedAddresses).toEqual(["2001:db8::/32"]);
    const cleared = await api(`/api/v2/tokens/${rotated.body.id}`, {
      method: "PATCH",
      token: user.accessToken,
      body: { allowedAddresses: [] },
    });
    expect(cleared.body.allowedAddresses).toEqual([]);
    expect((await whoamiFrom("127.0.0.1", rotated.body.token)).status).toBe(200);
  });
});

describe("allowed client addresses behind a trusted proxy", () => {
  let server: RunningServer;
  let owner: TestUser;
  beforeAll(async () => {
    // 127.0.0.5 plays the reverse proxy; every other loopback address is an untrusted peer.
    server = await startServer({ TRUSTED_PROXIES: "127.0.0.5" });
    owner = await createUser({ base: server.url });
  });
  afterAll(() => server?.stop());

  it("believes X-Forwarded-For from the proxy and never from anyone else", async () => {
    const token = (await createApiToken(owner, { allowedAddresses: ["203.0.113.0/24", "2001:db8::7"] }, server.url))
      .token;
    expect((await whoamiFrom("127.0.0.5", token, server.url, { "x-forwarded-for": "203.0.113.9" })).status).toBe(200);
    expect((await whoamiFrom("127.0.0.5", token, server.url, { "x-forwarded-for": "2001:db8::7" })).status).toBe(200);
    // The client put an allowed address first; the proxy appended the address it really saw.
    expect(
      (await whoamiFrom("127.0.0.5", token, server.url, { "x-forwarded-for": "203.0.113.9, 198.51.100.4" })).status,
    ).toBe(403);
    // An untrusted peer cannot claim an allowed address.
    expect((await whoamiFrom("127.0.0.6", token, server.url, { "x-forwarded-for": "203.0.113.9" })).status).toBe(403);
  });
});
