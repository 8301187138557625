import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  endOtherSessions,
  endSession,
  listSessions,
  requestOverview,
  revokeToken,
  setWebhook,
  tokenRequests,
  usageOverview,
  getWebhook,
} from "../../lib/api/operations";
import { api, apiAs, baseUrl, createUser, type TestUser } from "../helpers/api";
import { addMember } from "../helpers/db";
import { localServer } from "../helpers/local-server";
import { rawMcp, toolCall } from "../helpers/mcp";
import { createApiToken, waitForUsage } from "../helpers/tokens";

// Issue 35, what the console lacked against the products teams compare it with: the request log
// with status, reason and duration, filterable; usage across all tokens; the token list exported;
// the sessions one is signed in with; the expiry notice on the signed webhook.

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the request log", () => {
  let owner: TestUser;
  let token: Awaited<ReturnType<typeof createApiToken>>;
  beforeAll(async () => {
    owner = await createUser();
    token = await createApiToken(owner, { scopes: ["execute:mcp"], rateLimitPerHour: 3 });
    expect((await rawMcp(toolCall("whoami"), { token: token.token })).status).toBe(200);
    expect((await rawMcp(toolCall("list_tasks"), { token: token.token })).status).toBe(403);
    expect((await rawMcp(toolCall("get_task", { id: 42 }), { token: token.token })).status).toBe(403);
    expect((await rawMcp(toolCall("whoami"), { token: token.token })).status).toBe(429);
    await waitForUsage(owner, token.id, (usage) => usage.totals.requests === 4);
  }, 60_000);

  it("says each call's status, why it was refused and how long it took", async () => {
    const log = await until(
      () => apiAs(owner)(tokenRequests, { params: { id: token.id } }),
      (answer) => answer.ok && answer.data.requests.length === 4,
    );
    if (!log.ok) throw new Error(log.message);
    const [limited, getTask, listTasks, whoami] = log.data.requests;
    expect(whoami).toMatchObject({ tool: "whoami", outcome: "succeeded", status: 200, reason: null });
    expect(listTasks).toMatchObject({ tool: "list_tasks", outcome: "denied", status: 403 });
    expect(listTasks!.reason).toContain("read:tasks");
    expect(getTask).toMatchObject({ tool: "get_task", outcome: "denied", status: 403 });
    expect(limited).toMatchObject({ tool: "whoami", outcome: "rateLimited", status: 429 });
    expect(limited!.reason).toMatch(/^Rate limit of 3 requests per hour exceeded/);
    for (const entry of log.data.requests) {
      expect(entry.durationMs).toEqual(expect.any(Number));
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
      expect(entry.secret).toEqual({ id: token.id, hint: token.hint, name: token.name });
    }
  });

  it("is filtered by outcome and by tool, and pages within the filter", async () => {
    const call = apiAs(owner);
    const denied = await call(tokenRequests, { params: { id: token.id }, query: { outcome: "denied", limit: 1 } });
    if (!denied.ok) throw new Error(denied.message);
    expect(denied.data.requests.map((entry) => entry.tool)).toEqual(["get_task"]);
    const next = await call(tokenRequests, {
      params: { id: token.id },
      query: { outcome: "denied", limit: 1, cursor: denied.data.nextCursor! },
    });
    expect(next.ok && next.data.requests.map((entry) => entry.tool)).toEqual(["list_tasks"]);
    expect(next.ok && next.data.nextCursor).toBeNull();

    const whoami = await call(tokenRequests, { params: { id: token.id }, query: { tool: "whoami" } });
    expect(whoami.ok && whoami.data.requests.map((entry) => entry.outcome)).toEqual(["rateLimited", "succeeded"]);
    const none = await call(tokenRequests, { params: { id: token.id }, query: { tool: "delete_task" } });
    expect(none.ok && none.data.requests).toEqual([]);

    const wrong = await api(`/api/v2/tokens/${token.id}/requests?outcome=maybe`, { token: owner.accessToken });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.outcome).toBeDefined();
  });
});

describe("usage across all tokens", () => {
  it("sums one's own tokens, names the busiest, and shows the organization's to owners and admins only", async () => {
    const owner = await createUser();
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    const memberInOrg = { ...member, orgId: owner.orgId };

    const busy = await createApiToken(owner, { name: "busy" });
    const quiet = await createApiToken(owner, { name: "quiet" });
    const theirs = await createApiToken(memberInOrg, { name: "theirs" });
    for (let i = 0; i < 3; i++) await rawMcp(toolCall("whoami"), { token: busy.token });
    await rawMcp(toolCall("health_check"), { token: quiet.token });
    await rawMcp(toolCall("whoami"), { token: theirs.token });

    const mine = await until(
      () => apiAs(owner)(usageOverview, { query: { window: "24h" } }),
      (answer) => answer.ok && answer.data.totals.requests === 4,
    );
    if (!mine.ok) throw new Error(mine.message);
    expect(mine.data.scope).toBe("mine");
    expect(mine.data.totals).toMatchObject({ requests: 4, succeeded: 4 });
    expect(mine.data.series.reduce((sum, bucket) => sum + bucket.requests, 0)).toBe(4);
    expect(mine.data.byTool).toEqual([
      expect.objectContaining({ tool: "whoami", requests: 3 }),
      expect.objectContaining({ tool: "health_check", requests: 1 }),
    ]);
    expect(mine.data.byToken.map((row) => [row.name, row.requests, row.origin])).toEqual([
      ["busy", 3, "personal"],
      ["quiet", 1, "personal"],
    ]);

    const organization = await until(
      () => apiAs(owner)(usageOverview, { query: { scope: "organization" } }),
      (answer) => answer.ok && answer.data.totals.requests === 5,
    );
    // Most first; the two of one request each in either order.
    const busiest = organization.ok ? organization.data.byToken.map((row) => row.name) : [];
    expect([busiest[0], busiest.slice(1).sort()]).toEqual(["busy", ["quiet", "theirs"]]);
    expect(await apiAs(memberInOrg)(usageOverview, { query: { scope: "organization" } })).toMatchObject({
      ok: false,
      status: 403,
    });
    const theirsOnly = await apiAs(memberInOrg)(usageOverview, { query: {} });
    expect(theirsOnly.ok && theirsOnly.data.totals.requests).toBe(1);

    // The request log across them, each call naming its token.
    const log = await apiAs(owner)(requestOverview, { query: { scope: "organization", tool: "whoami" } });
    if (!log.ok) throw new Error(log.message);
    expect(log.data.requests.map((entry) => entry.secret.name).sort()).toEqual(["busy", "busy", "busy", "theirs"]);
    const memberLog = await apiAs(memberInOrg)(requestOverview, { query: {} });
    expect(memberLog.ok && memberLog.data.requests.map((entry) => entry.secret.name)).toEqual(["theirs"]);
    // Another organization's owner sees none of it.
    const stranger = await createUser();
    const strangers = await apiAs(stranger)(usageOverview, { query: { scope: "organization" } });
    expect(strangers.ok && strangers.data.totals.requests).toBe(0);
  }, 60_000);
});

describe("the token list's export", () => {
  it("downloads every token the list's filters find, as CSV or JSON Lines", async () => {
    const owner = await createUser();
    const names = ["=SUM(A1)", "alpha, with a comma", "beta", "gamma"];
    const created = [];
    for (const name of names) created.push(await createApiToken(owner, { name }));
    await apiAs(owner)(revokeToken, { params: { id: created[3]!.id } });

    const csv = await fetch(`${baseUrl()}/api/v2/tokens/export?format=csv&status=active&sort=name`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toMatch(
      /attachment; filename="keyway-tokens-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "id,name,description,holder,holderKind,createdBy,status,approval,scopes,server,tools,rateLimitPerHour,allowedAddresses,createdAt,expiresAt,lastUsedAt,revokedAt,requests24h,lastCharacters",
    );
    // Active only, by name; a formula is neutralised, a comma quoted; the secret never appears.
    expect(lines.slice(1).map((line) => line.split(",")[1])).toEqual(["'=SUM(A1)", '"alpha', "beta"]);
    expect(lines[2]).toContain('"alpha, with a comma"');
    expect(lines[3]).toContain(`${created[2]!.id},beta,,${owner.email},person,`);
    expect(lines[3]).toContain(",execute:mcp read:tasks,");
    for (const token of created) expect(lines.join("\n")).not.toContain(token.token);

    const jsonl = await api(`/api/v2/tokens/export?format=jsonl&q=gamma&status=revoked`, { token: owner.accessToken });
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get("content-type")).toContain("application/jsonl");
    expect(jsonl.body).toMatchObject({ id: created[3]!.id, name: "gamma", status: "revoked" });

    // The organization's, for owners and admins only; a bad format is a 400.
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    const refused = await api("/api/v2/tokens/export?scope=organization", { token: member.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      "Only organization owners and admins can see every token of the organization.",
    );
    expect((await api("/api/v2/tokens/export?format=xlsx", { token: owner.accessToken })).status).toBe(400);
  });
});

describe("sessions", () => {
  it("lists where one is signed in, marks this one, and signs out of one or all the others", async () => {
    const user = await createUser();
    const signIn = async (agent: string) => {
      const response = await api("/api/v2/auth/token", {
        body: { email: user.email, password: user.password },
        headers: { "user-agent": agent },
      });
      expect(response.status).toBe(200);
      return response.body.accessToken as string;
    };
    const laptop = await signIn("Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0 Safari/537.36");
    const script = await signIn("curl/8.5.0");

    const listed = await apiAs(laptop)(listSessions);
    if (!listed.ok) throw new Error(listed.message);
    expect(listed.data.sessions).toHaveLength(3); // the one createUser made, and these two
    expect(listed.data.sessions.filter((session) => session.current)).toEqual([
      expect.objectContaining({ kind: "access_token", userAgent: expect.stringContaining("Chrome/150.0") }),
    ]);
    const scriptSession = listed.data.sessions.find((session) => session.userAgent === "curl/8.5.0")!;
    expect(scriptSession).toMatchObject({ current: false, singleSignOn: false });

    // Someone else cannot end it, nor learn that it exists.
    const stranger = await createUser();
    expect(await apiAs(stranger)(endSession, { params: { id: scriptSession.id } })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect((await apiAs(script)(listSessions)).ok).toBe(true);

    expect((await apiAs(laptop)(endSession, { params: { id: scriptSession.id } })).ok).toBe(true);
    const ended = await api("/api/v2/account/sessions", { token: script });
    expect(ended.status).toBe(401);
    expect(ended.headers.get("www-authenticate")).toMatch(/^Bearer .*error="invalid_token"/);

    const others = await apiAs(laptop)(endOtherSessions);
    expect(others.ok && others.data.ended).toBe(1); // the one createUser made
    expect((await api("/api/v2/account/sessions", { token: user.accessToken })).status).toBe(401);
    const left = await apiAs(laptop)(listSessions);
    expect(left.ok && left.data.sessions.map((session) => session.current)).toEqual([true]);
  });
});

describe("the expiry notice", () => {
  type Got = { body: string; signature: string };
  const got: Got[] = [];
  let hook: Awaited<ReturnType<typeof localServer>>;
  beforeAll(async () => {
    hook = await localServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        got.push({ body, signature: String(req.headers["keyway-signature"]) });
        res.writeHead(204).end();
      });
    });
  });
  afterAll(() => hook?.close());

  it("goes to the signed webhook once for a token within a week of its end, and not for one further off", async () => {
    const owner = await createUser();
    const set = await apiAs(owner)(setWebhook, { body: { url: `${hook.url}/hooks` } });
    if (!set.ok) throw new Error(set.message);
    const later = await createApiToken(owner, { name: "a month", expiresInDays: 30 });
    const soon = await createApiToken(owner, { name: "three days", expiresInDays: 3 });

    const notices = () =>
      got
        .map((entry) => ({ ...entry, json: JSON.parse(entry.body) }))
        .filter((entry) => entry.json.organizationId === owner.orgId);
    const arrived = await until(
      async () => notices(),
      (found) => found.length > 0,
    );
    expect(arrived).toHaveLength(1);
    const [notice] = arrived;
    expect(notice!.json).toMatchObject({
      type: "token.expiring",
      token: {
        id: soon.id,
        name: "three days",
        hint: soon.hint,
        expiresAt: soon.expiresAt,
        holder: { kind: "person", id: owner.userId, name: owner.email },
      },
    });
    const [t, v1] = notice!.signature.split(",").map((part) => part.split("=")[1]!);
    expect(createHmac("sha256", set.data.secret!).update(`${t}.${notice!.body}`).digest("hex")).toBe(v1);
    expect(JSON.stringify(notice!.json)).not.toContain(soon.token);
    expect(JSON.stringify(notice!.json)).not.toContain(later.id);

    const log = await apiAs(owner)(getWebhook);
    expect(log.ok && log.data.deliveries.map((delivery) => [delivery.event, delivery.status])).toEqual([
      ["token.expiring", "delivered"],
    ]);
  });
});
