import { beforeAll, describe, expect, it } from "vitest";
import { getToken, listTokens, tokenRequests } from "../../lib/api/operations";
import { api, apiAs, createUser, type TestUser } from "../helpers/api";
import { testDb } from "../helpers/db";
import { initializeMessage, rawMcp, toolCall } from "../helpers/mcp";
import { createApiToken, waitForUsage } from "../helpers/tokens";

// Issue 24, item 3: rotation without downtime. The old token may keep working for a chosen
// overlap (never past its own expiry or the policy's maximum), both are listed as one token,
// revoking either is immediate, and after the overlap the old one is refused at the next request.

let user: TestUser;
beforeAll(async () => {
  user = await createUser();
});

const rotate = (id: string, body: Record<string, unknown>) =>
  api(`/api/v2/tokens/${id}/rotate`, { method: "POST", token: user.accessToken, body });
const status = async (token: string) => (await rawMcp(initializeMessage, { token })).status;

describe("rotation with an overlap", () => {
  it("keeps both tokens working for the overlap, then refuses the old one", async () => {
    const old = await createApiToken(user, { name: "deploy" });
    const rotated = await rotate(old.id, { overlap: "1h" });
    expect(rotated.status).toBe(201);
    const stopsIn = Date.parse(rotated.body.previous.stopsAt) - Date.now();
    expect(stopsIn).toBeGreaterThan(3_540_000);
    expect(stopsIn).toBeLessThanOrEqual(3_600_000);
    expect(rotated.body.previous.id).toBe(old.id);
    expect(await status(old.token)).toBe(200);
    expect(await status(rotated.body.token)).toBe(200);

    // One token in the list, whose history holds the old secret and when it stops.
    const list = await api("/api/v2/tokens?q=deploy", { token: user.accessToken });
    expect(list.body.tokens.map((t: any) => t.id)).toEqual([rotated.body.id]);
    expect(list.body.tokens[0].history).toEqual([
      expect.objectContaining({ id: old.id, revokedAt: null, expiresAt: rotated.body.previous.stopsAt }),
    ]);
    // A token is rotated once, even while its old secret still works.
    expect((await rotate(old.id, { overlap: "1h" })).status).toBe(409);

    // Time moves instead of being waited for: the overlap is over.
    await testDb().apiToken.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const after = await rawMcp(initializeMessage, { token: old.token });
    expect(after.status).toBe(401);
    expect(after.json.error.message).toBe("Token has expired");
    expect(await status(rotated.body.token)).toBe(200);

    const event = await testDb().auditEvent.findFirstOrThrow({ where: { action: "token.rotated", targetId: old.id } });
    expect(JSON.parse(event.metadata)).toMatchObject({
      newTokenId: rotated.body.id,
      overlap: "1h",
      oldStopsAt: rotated.body.previous.stopsAt,
    });
  });

  it("counts the token's use across its secrets: before the rotation, and with either during the overlap", async () => {
    const old = await createApiToken(user, { name: "counted" });
    const call = (token: string) => rawMcp(toolCall("whoami"), { token });
    expect((await call(old.token)).status).toBe(200);
    expect((await call(old.token)).status).toBe(200);
    await waitForUsage(user, old.id, (usage) => usage.totals?.requests === 2);
    const rotated = await rotate(old.id, { overlap: "1d" });
    const current = rotated.body as { id: string; token: string; hint: string };
    expect((await call(old.token)).status).toBe(200);
    expect((await call(current.token)).status).toBe(200);
    expect((await call(current.token)).status).toBe(200);

    // The usage of the token (its current id) holds every call, whichever secret made it.
    const usage = await waitForUsage(user, current.id, (body) => body.totals?.requests === 5);
    expect(usage.totals).toMatchObject({ requests: 5, succeeded: 5 });
    expect(usage.byTool).toEqual([expect.objectContaining({ tool: "whoami", requests: 5 })]);
    expect(usage.lastUsedAt).not.toBeNull();

    // Each request says which secret made it.
    const log = await apiAs(user)(tokenRequests, { params: { id: current.id } });
    if (!log.ok) throw new Error(log.message);
    const bySecret = (id: string) => log.data.requests.filter((entry) => entry.secret.id === id);
    expect(bySecret(old.id)).toHaveLength(3);
    expect(bySecret(current.id)).toHaveLength(2);
    expect(bySecret(old.id)[0]!.secret.hint).toBe(old.hint);
    expect(bySecret(current.id)[0]!.secret.hint).toBe(current.hint);

    // The list's row: last used and requests across both, and when the old secret was last used.
    const list = await apiAs(user)(listTokens, { query: { q: "counted" } });
    if (!list.ok) throw new Error(list.message);
    const [row] = list.data.tokens;
    expect(row).toMatchObject({ id: current.id, requests24h: 5 });
    expect(row!.lastUsedAt).not.toBeNull();
    expect(row!.history).toEqual([expect.objectContaining({ id: old.id, lastUsedAt: expect.any(String) })]);
    const shown = await apiAs(user)(getToken, { params: { id: current.id } });
    expect(shown.ok && shown.data.lastUsedAt).toBe(row!.lastUsedAt);
  }, 90_000); // two waits for the usage flush of up to 20 s each, on a busy machine

  it("lets either token be revoked at once, independently of the other", async () => {
    const first = await createApiToken(user);
    const a = await rotate(first.id, { overlap: "1d" });
    expect((await api(`/api/v2/tokens/${first.id}`, { method: "DELETE", token: user.accessToken })).status).toBe(200);
    expect(await status(first.token)).toBe(401);
    expect(await status(a.body.token)).toBe(200);

    const second = await createApiToken(user);
    const b = await rotate(second.id, { overlap: "7d" });
    expect((await api(`/api/v2/tokens/${b.body.id}`, { method: "DELETE", token: user.accessToken })).status).toBe(200);
    expect(await status(b.body.token)).toBe(401);
    expect(await status(second.token)).toBe(200);
  });

  it("never outlives the old token's own expiry or the organization's maximum", async () => {
    const short = await createApiToken(user, { expiresInDays: 1 });
    const soon = new Date(Date.now() + 10 * 60_000);
    await testDb().apiToken.update({ where: { id: short.id }, data: { expiresAt: soon } });
    const rotated = await rotate(short.id, { overlap: "7d" });
    expect(rotated.status).toBe(201);
    expect(Date.parse(rotated.body.previous.stopsAt)).toBe(soon.getTime());

    const owner = await createUser();
    await api("/api/v2/organization/policy", {
      method: "PUT",
      token: owner.accessToken,
      body: {
        maxExpiryDays: 1,
        maxRateLimitPerHour: null,
        memberScopes: null,
        approvalForWrite: false,
        requireAllowedAddresses: false,
      },
    });
    const theirs = await createApiToken(owner, { expiresInDays: 1 });
    const refused = await api(`/api/v2/tokens/${theirs.id}/rotate`, {
      method: "POST",
      token: owner.accessToken,
      body: { overlap: "7d" },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.overlap[0]).toContain("at most 1 days");
    expect(await status(theirs.token)).toBe(200);
  });

  it("rotates at once without an overlap, as before", async () => {
    const old = await createApiToken(user);
    const rotated = await rotate(old.id, {});
    expect(rotated.status).toBe(201);
    expect(Date.parse(rotated.body.previous.stopsAt)).toBeLessThanOrEqual(Date.now());
    const refused = await rawMcp(initializeMessage, { token: old.token });
    expect(refused.json.error.message).toBe("Token has been revoked");
  });
});
