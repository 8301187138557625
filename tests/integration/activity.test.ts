import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dismissFlag, setWebhook, testWebhook } from "../../lib/api/operations";
import { api, apiAs, baseUrl, createUser, postFrom, type TestUser } from "../helpers/api";
import { localServer } from "../helpers/local-server";
import { addMember, testDb } from "../helpers/db";
import { rawMcp, toolCall } from "../helpers/mcp";
import { createApiToken, waitForUsage } from "../helpers/tokens";

// Issue 15, item 4: unusual activity flagged on crafted traffic, and sent to an owner's webhook
// (signed with HMAC, retried with backoff, every attempt in the delivery log).

const MCP = { accept: "application/json, text/event-stream" };

async function flagsOf(owner: TestUser, tokenId: string, kind: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { body } = await api("/api/v2/organization/activity", { token: owner.accessToken });
    const found = body.flags.filter((flag: any) => flag.tokenId === tokenId && flag.kind === kind);
    if (found.length || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type Received = { body: string; signature: string };
let receiver: { url: string; received: Received[]; close: () => Promise<void> };
let failuresLeft = 2;

beforeAll(async () => {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      // The first deliveries fail, so the retry is what succeeds.
      if (failuresLeft-- > 0) return res.writeHead(500).end();
      received.push({ body, signature: String(req.headers["keyway-signature"]) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/keyway`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
afterAll(() => receiver?.close());

describe("unusual activity", () => {
  let owner: TestUser;
  beforeAll(async () => {
    owner = await createUser();
  });

  it("flags a burst of refusals", async () => {
    const token = await createApiToken(owner, { rateLimitPerHour: 2 });
    for (let i = 0; i < 24; i++) await rawMcp(toolCall("whoami"), { token: token.token });
    const flags = await flagsOf(owner, token.id, "refusal_burst");
    expect(flags).toHaveLength(1);
    expect(flags[0].detail.refusals).toBeGreaterThanOrEqual(20);
    const listed = await api("/api/v2/tokens", { token: owner.accessToken });
    expect(listed.body.tokens.find((t: any) => t.id === token.id).flags7d).toBe(1);

    // Dismissed by an owner or admin of its organization only; then neither listed nor counted.
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    expect(await apiAs(member)(dismissFlag, { params: { id: flags[0].id } })).toMatchObject({ status: 403 });
    const stranger = await createUser();
    expect(await apiAs(stranger)(dismissFlag, { params: { id: flags[0].id } })).toMatchObject({ status: 404 });
    expect(await apiAs(owner)(dismissFlag, { params: { id: flags[0].id } })).toMatchObject({ ok: true, status: 204 });
    expect(await apiAs(owner)(dismissFlag, { params: { id: flags[0].id } })).toMatchObject({ status: 404 });
    const after = (await api("/api/v2/organization/activity", { token: owner.accessToken })).body.flags;
    expect(after.filter((flag: any) => flag.tokenId === token.id)).toEqual([]);
    const relisted = await api("/api/v2/tokens", { token: owner.accessToken });
    expect(relisted.body.tokens.find((t: any) => t.id === token.id).flags7d).toBe(0);
  });

  it("flags first use from a new client address and a new client, never the token's setting up", async () => {
    const token = await createApiToken(owner);
    const call = (address: string, agent: string) =>
      postFrom(address, "/mcp", toolCall("whoami"), baseUrl(), {
        ...MCP,
        authorization: `Bearer ${token.token}`,
        "user-agent": agent,
      });
    // Its first minutes: two programs, as a client's first requests often are. Nothing is unusual.
    expect((await call("127.0.0.1", "agent-a/1")).status).toBe(200);
    expect((await call("127.0.0.1", "setup-tool/1")).status).toBe(200);
    expect((await call("127.0.0.1", "agent-a/1")).status).toBe(200);
    // Sightings are judged one at a time, in order: once a last one is written, the earlier ones
    // have been judged, so moving time below cannot reach a judgement still under way.
    expect((await call("127.0.0.1", "last-of-setup/1")).status).toBe(200);
    const sightings = () => testDb().tokenSighting.findMany({ where: { tokenId: token.id } });
    await expect.poll(async () => (await sightings()).length, { timeout: 20_000 }).toBe(4);
    // Time moves instead of being waited for: the setting up is over.
    await testDb().tokenSighting.updateMany({
      where: { tokenId: token.id },
      data: { firstSeenAt: new Date(Date.now() - 3_600_000) },
    });
    expect((await call("127.0.0.7", "agent-a/1")).status).toBe(200);
    const address = await flagsOf(owner, token.id, "new_client_address");
    expect(address.map((flag: any) => flag.detail.address)).toEqual(["127.0.0.7"]);
    expect((await call("127.0.0.7", "agent-b/2")).status).toBe(200);
    const agent = await flagsOf(owner, token.id, "new_user_agent");
    expect(agent.map((flag: any) => flag.detail.user_agent)).toEqual(["agent-b/2"]);
    // Nothing else was flagged for this token (the first sightings are the baseline).
    const all = (await api("/api/v2/organization/activity", { token: owner.accessToken })).body.flags.filter(
      (f: any) => f.tokenId === token.id,
    );
    expect(all.map((f: any) => f.kind).sort()).toEqual(["new_client_address", "new_user_agent"]);
  }, 90_000); // three waits of up to 20 s each, on a busy machine

  it("flags use after a long silence", async () => {
    const token = await createApiToken(owner);
    await testDb().apiToken.update({
      where: { id: token.id },
      data: { lastUsedAt: new Date(Date.now() - 40 * 86_400_000) },
    });
    expect((await rawMcp(toolCall("whoami"), { token: token.token })).status).toBe(200);
    const flags = await flagsOf(owner, token.id, "use_after_silence");
    expect(flags[0].detail.silentDays).toBe(40);
  });

  it("is for owners and admins of the organization only", async () => {
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    expect((await api("/api/v2/organization/activity", { token: member.accessToken })).status).toBe(403);
    expect((await api("/api/v2/organization/webhook", { token: member.accessToken })).status).toBe(403);
    const stranger = await createUser();
    expect((await api("/api/v2/organization/activity", { token: stranger.accessToken })).body.flags).toEqual([]);
  });
});

describe("the activity webhook", () => {
  it("signs each flag, retries with backoff until it is accepted, and logs every attempt", async () => {
    const owner = await createUser();
    const refused = await api("/api/v2/organization/webhook", {
      method: "PUT",
      token: owner.accessToken,
      body: { url: "http://10.0.0.1/hook" },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("https");
    const set = await api("/api/v2/organization/webhook", {
      method: "PUT",
      token: owner.accessToken,
      body: { url: receiver.url },
    });
    expect(set.status).toBe(200);
    const secret: string = set.body.secret;
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(await testDb().organization.findUniqueOrThrow({ where: { id: owner.orgId } }))).not.toContain(
      secret,
    );

    const token = await createApiToken(owner, { rateLimitPerHour: 1 });
    for (let i = 0; i < 21; i++) await rawMcp(toolCall("whoami"), { token: token.token });
    await waitForUsage(owner, token.id, (usage) => usage.totals.rateLimited >= 20);

    const deadline = Date.now() + 30_000;
    while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received).toHaveLength(1);
    const { body, signature } = receiver.received[0]!;
    const [t, v1] = signature.split(",").map((part) => part.split("=")[1]!);
    expect(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")).toBe(v1);
    expect(JSON.parse(body)).toMatchObject({
      type: "token.unusual_activity",
      kind: "refusal_burst",
      token: { id: token.id },
    });

    const log = await api("/api/v2/organization/webhook", { token: owner.accessToken });
    expect(log.body.url).toBe(receiver.url);
    expect(log.body.deliveries[0]).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 204 });
  });

  it("sends a signed test event when the owner asks, logged like any delivery", async () => {
    const owner = await createUser();
    expect(await apiAs(owner)(testWebhook)).toMatchObject({ ok: false, status: 409 }); // no webhook yet
    const got: { body: string; signature: string }[] = [];
    let answer = 500;
    const hook = await localServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        got.push({ body, signature: String(req.headers["keyway-signature"]) });
        res.writeHead(answer).end();
      });
    });
    try {
      const set = await apiAs(owner)(setWebhook, { body: { url: `${hook.url}/hooks` } });
      if (!set.ok) throw new Error(set.message);
      // A receiver that fails: the answer says so, and the delivery waits for its retry.
      const failed = await apiAs(owner)(testWebhook);
      expect(failed.ok && failed.data).toMatchObject({
        event: "webhook.test",
        flagId: null,
        status: "pending",
        attempts: 1,
        lastStatus: 500,
      });
      answer = 204;
      const delivered = await apiAs(owner)(testWebhook);
      expect(delivered.ok && delivered.data).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 204 });
      // Signed as every event is, with the secret the owner was shown.
      const last = got.at(-1)!;
      const [t, v1] = last.signature.split(",").map((part) => part.split("=")[1]!);
      expect(createHmac("sha256", set.data.secret!).update(`${t}.${last.body}`).digest("hex")).toBe(v1);
      expect(JSON.parse(last.body)).toMatchObject({ type: "webhook.test", organizationId: owner.orgId });
      // Owners only.
      const admin = await createUser();
      await addMember(admin.userId, owner.orgId, "admin");
      expect(await apiAs(admin)(testWebhook)).toMatchObject({ ok: false, status: 403 });
    } finally {
      await hook.close();
    }
  });
});
