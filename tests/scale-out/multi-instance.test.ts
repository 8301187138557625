import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, createUser, signIn, type TestUser } from "../helpers/api";
import { initializeMessage, rawMcp, toolCall } from "../helpers/mcp";
import { exchange, obtainCode, REDIRECT_URI, refreshWith, register } from "../helpers/oauth";
import { createClient, type Db } from "@/lib/db/client";
import { createTestDatabase } from "../helpers/postgres";
import { TEST_REDIS_URL } from "../helpers/redis";
import { scaleOutServicesReady } from "../helpers/scale-out";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { createApiToken } from "../helpers/tokens";
import { until } from "../helpers/wait";
import { dpopKey, dpopTokenRequest } from "../helpers/dpop";

// Three instances behind an imaginary load balancer: one public URL (APP_URL), one PostgreSQL
// database, one Redis, three ports.
const ready = await scaleOutServicesReady();

describe.skipIf(!ready)("three instances on one PostgreSQL and one Redis", () => {
  let instances: RunningServer[] = [];
  let dropDatabase: () => Promise<unknown> = async () => undefined;
  let user: TestUser;
  // A Prisma client of the deployment's, as a script or a future writer would make one.
  let store: Db;

  beforeAll(async () => {
    const database = await createTestDatabase();
    dropDatabase = database.drop;
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    const shared = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, APP_URL: `http://127.0.0.1:${ports[0]}` };
    // Started together: their migrations race on the same database and must apply once.
    instances = await Promise.all(ports.map((port) => startServer({ ...shared, PORT: String(port) })));
    user = await createUser({ base: instances[0]!.url });
    store = createClient(database.url, { redis: { url: TEST_REDIS_URL, timeoutMs: 2000 } });
  }, 120_000);

  afterAll(async () => {
    await store?.$disconnect();
    await Promise.all(instances.map((instance) => instance.stop()));
    await dropDatabase();
  });

  it("applied the migrations exactly once", () => {
    expect(instances.filter((instance) => instance.output().includes("applied migrations:"))).toHaveLength(1);
  });

  it("accepts a token created on one instance on every other", async () => {
    const { token } = await createApiToken(user, {}, instances[0]!.url);
    for (const instance of instances) {
      expect((await rawMcp(initializeMessage, { base: instance.url, token })).status).toBe(200);
    }
  });

  it("refuses a token revoked on one instance on the others at the very next request", async () => {
    const { id, token } = await createApiToken(user, {}, instances[0]!.url);
    expect((await rawMcp(initializeMessage, { base: instances[2]!.url, token })).status).toBe(200);
    const revoked = await api(`/api/v2/tokens/${id}`, {
      base: instances[1]!.url,
      method: "DELETE",
      token: user.accessToken,
    });
    expect(revoked.status).toBe(200);
    for (const instance of [instances[2]!, instances[0]!]) {
      const response = await rawMcp(initializeMessage, { base: instance.url, token });
      expect(response.status).toBe(401);
      expect(response.json.error.message).toBe("Token has been revoked");
    }
  });

  it("refuses a delegated token on every instance at its next request once its original is revoked elsewhere", async () => {
    const { id, token } = await createApiToken(user, {}, instances[0]!.url);
    const exchanged = await fetch(`${instances[0]!.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: token,
        subject_token_type: "urn:ietf:params:oauth:token-type:access_token",
      }),
    });
    expect(exchanged.status).toBe(200);
    const delegated = ((await exchanged.json()) as { access_token: string }).access_token;
    // Every instance admits it first, so each keeps its row and its original's.
    for (const instance of instances) {
      expect((await rawMcp(initializeMessage, { base: instance.url, token: delegated })).status).toBe(200);
    }
    const revoked = await api(`/api/v2/tokens/${id}`, {
      base: instances[1]!.url,
      method: "DELETE",
      token: user.accessToken,
    });
    expect(revoked.status).toBe(200);
    for (const instance of [instances[2]!, instances[0]!]) {
      const response = await rawMcp(initializeMessage, { base: instance.url, token: delegated });
      expect(response.status).toBe(401);
      expect(response.json.error.message).toBe("The token this one was delegated from has been revoked");
    }
  });

  it("admits nothing on any instance once a revocation elsewhere has answered, under load, every time", async () => {
    // Instances keep token rows in memory (lib/db/token-store.ts). B and C are kept busy with
    // the token, so each has its row kept, while A revokes it; every request *sent* after A's
    // answer arrived must be refused, whichever instance serves it and whatever it kept.
    const ping = { jsonrpc: "2.0", id: 1, method: "ping" };
    for (let repetition = 0; repetition < 25; repetition++) {
      const { id, token } = await createApiToken(user, {}, instances[0]!.url);
      let revokedAnswerAt = Infinity;
      let running = true;
      const samples: { sentAt: number; status: number; message?: string }[] = [];
      const worker = async (base: string) => {
        while (running) {
          const sentAt = performance.now();
          const response = await rawMcp(ping, { base, token });
          samples.push({ sentAt, status: response.status, message: response.json?.error?.message });
        }
      };
      const workers = [1, 2, 1, 2, 1, 2].map((i) => worker(instances[i]!.url));
      await until(() => samples.filter((s) => s.status === 200).length >= 12);
      const revoked = await api(`/api/v2/tokens/${id}`, {
        base: instances[0]!.url,
        method: "DELETE",
        token: user.accessToken,
      });
      revokedAnswerAt = performance.now();
      expect(revoked.status).toBe(200);
      await until(() => samples.filter((s) => s.sentAt > revokedAnswerAt).length >= 12);
      running = false;
      await Promise.all(workers);

      const after = samples.filter((s) => s.sentAt > revokedAnswerAt);
      expect(after.length).toBeGreaterThanOrEqual(12);
      expect(after.filter((s) => s.status !== 401)).toEqual([]);
      expect(new Set(after.map((s) => s.message))).toEqual(new Set(["Token has been revoked"]));
      // Before the answer, the token worked: the rows were kept and in use when it was revoked.
      expect(samples.filter((s) => s.sentAt < revokedAnswerAt && s.status === 200).length).toBeGreaterThanOrEqual(12);
    }
  }, 240_000);

  it("sees every Prisma write to a token's verification state at the next request, in or out of a transaction", async () => {
    const [a, b] = instances.map((instance) => instance.url) as [string, string];
    // Each token is first used on B, so B keeps its row (and would go on using it, unannounced).
    const keptOnB = async () => {
      const created = await createApiToken(user, {}, a);
      expect((await rawMcp(initializeMessage, { base: b, token: created.token })).status).toBe(200);
      return created;
    };
    const refusalOnB = async (token: string) => {
      const response = await rawMcp(initializeMessage, { base: b, token });
      return [response.status, response.json?.error?.message];
    };

    // The control: SQL behind Prisma's back is not announced, and B's kept row still admits.
    const raw = await keptOnB();
    await store.$executeRaw`UPDATE "ApiToken" SET "revokedAt" = NOW() WHERE "id" = ${raw.id}`;
    expect(await refusalOnB(raw.token)).toEqual([200, undefined]);

    // A plain interactive transaction, as any new writer would write it: no helper to remember.
    const inTransaction = await keptOnB();
    await store.$transaction(async (tx) => {
      await tx.apiToken.update({ where: { id: inTransaction.id }, data: { revokedAt: new Date() } });
    });
    expect(await refusalOnB(inTransaction.token)).toEqual([401, "Token has been revoked"]);

    // A write outside any transaction, on a filter rather than an id.
    const outside = await keptOnB();
    await store.apiToken.updateMany({
      where: { id: outside.id, revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await refusalOnB(outside.token)).toEqual([401, "Token has expired"]);

    // A delete that cascades to the token from its user.
    const holder = await createUser({ base: a });
    const cascaded = await createApiToken(holder, {}, a);
    expect((await rawMcp(initializeMessage, { base: b, token: cascaded.token })).status).toBe(200);
    await store.user.delete({ where: { id: holder.userId } });
    expect(await refusalOnB(cascaded.token)).toEqual([401, "Token not found in database"]);

    // A batch transaction cannot be announced after its writes' own reads: refused before it runs.
    const batched = await keptOnB();
    await expect(
      store.$transaction([store.apiToken.update({ where: { id: batched.id }, data: { revokedAt: new Date() } })]),
    ).rejects.toThrow(/interactive \$transaction/);
    expect(await refusalOnB(batched.token)).toEqual([200, undefined]);
  });

  it("refuses a service account's token on every instance at the next request once the account is disabled", async () => {
    const [a, b, c] = instances.map((instance) => instance.url) as [string, string, string];
    const account = (
      await api("/api/v2/service-accounts", { base: a, method: "POST", token: user.accessToken, body: { name: "ci" } })
    ).body;
    const { token } = (
      await api(`/api/v2/service-accounts/${account.id}/tokens`, {
        base: a,
        method: "POST",
        token: user.accessToken,
        body: { name: "ci", scopes: ["execute:mcp"] },
      })
    ).body;
    for (const base of [b, c]) expect((await rawMcp(initializeMessage, { base, token })).status).toBe(200);
    const disabled = await api(`/api/v2/service-accounts/${account.id}`, {
      base: a,
      method: "PATCH",
      token: user.accessToken,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    for (const base of [b, c]) {
      const response = await rawMcp(initializeMessage, { base, token });
      expect([response.status, response.json.error.message]).toEqual([
        401,
        "The service account of this token is disabled",
      ]);
    }
  });

  it("admits exactly N requests across instances for a limit of N", async () => {
    const { token } = await createApiToken(user, { rateLimitPerHour: 7 }, instances[0]!.url);
    const responses = await Promise.all(
      Array.from({ length: 36 }, (_, i) => rawMcp(initializeMessage, { base: instances[i % 3]!.url, token })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 429)).toHaveLength(29);
  });

  it("adds up usage from every instance", async () => {
    const created = await createApiToken(user, { scopes: ["execute:mcp", "write:tasks"] }, instances[0]!.url);
    const calls = [3, 2, 4];
    for (const [index, count] of calls.entries()) {
      for (let i = 0; i < count; i++) {
        const response = await rawMcp(toolCall("create_task", { title: `from ${index}` }), {
          base: instances[index]!.url,
          token: created.token,
        });
        expect(response.json.result.isError).toBeUndefined();
      }
    }
    let usage: any;
    for (let attempt = 0; attempt < 50; attempt++) {
      usage = (await api(`/api/v2/tokens/${created.id}/usage`, { base: instances[1]!.url, token: user.accessToken }))
        .body;
      if (usage.totals.requests === 9) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(usage.totals).toEqual({ requests: 9, succeeded: 9, errors: 0, denied: 0, rateLimited: 0 });
    expect(usage.byTool).toEqual([
      { tool: "create_task", requests: 9, succeeded: 9, errors: 0, denied: 0, rateLimited: 0 },
    ]);
    const tasks = await rawMcp(toolCall("list_tasks", { limit: 100 }), {
      base: instances[2]!.url,
      token: created.token,
    });
    expect(tasks.json.result.structuredContent.tasks).toHaveLength(9);
  });

  it("answers one refresh token sent to two instances at once on both, with one live chain, and refuses an older generation everywhere", async () => {
    const [a, b, c] = instances.map((instance) => instance.url) as [string, string, string];
    const cookie = (await signIn(user, { base: a })).cookie;
    const clientId = (await register({}, a)).body.client_id;
    const { code, verifier } = await obtainCode(cookie, clientId, { base: a });
    const tokens = (await exchange(clientId, code, verifier, REDIRECT_URI, a)).body;

    const [onB, onC] = await Promise.all([
      refreshWith(clientId, tokens.refresh_token, b),
      refreshWith(clientId, tokens.refresh_token, c),
    ]);
    expect([onB.status, onC.status]).toEqual([200, 200]);
    expect(onB.body.refresh_token).toBe(onC.body.refresh_token);
    for (const token of [onB.body.access_token, onC.body.access_token]) {
      expect((await rawMcp(initializeMessage, { base: a, token })).status).toBe(200);
    }

    // The successor is used on C; the original token presented on B is an older generation.
    const next = (await refreshWith(clientId, onB.body.refresh_token, c)).body;
    expect((await rawMcp(initializeMessage, { base: b, token: next.access_token })).status).toBe(200);
    expect((await refreshWith(clientId, tokens.refresh_token, b)).body.error).toBe("invalid_grant");
    for (const base of [a, b, c]) {
      const response = await rawMcp(initializeMessage, { base, token: next.access_token });
      expect(response.status, base).toBe(401);
      expect(response.json.error.message).toBe("Token has been revoked");
    }
  });

  it("refuses a DPoP proof on every instance once one has taken it", async () => {
    const base = instances[0]!.url;
    const key = await dpopKey();
    const clientId = (await register({}, base)).body.client_id;
    const { cookie } = await signIn(user, { base });
    const { code, verifier } = await obtainCode(cookie, clientId, { base, scopes: ["execute:mcp"] });
    const issued = await dpopTokenRequest(
      {
        grant_type: "authorization_code",
        client_id: clientId,
        code,
        code_verifier: verifier,
        redirect_uri: REDIRECT_URI,
      },
      key,
      {},
      base,
    );
    expect(issued.body.token_type).toBe("DPoP");
    const token = issued.body.access_token as string;
    // Every proof names the deployment's URL (APP_URL), whichever instance it reaches.
    const proved = async () => ({
      authorization: `DPoP ${token}`,
      dpop: await key.proof("POST", `${base}/mcp`, { token }),
    });
    for (const instance of instances) {
      expect((await rawMcp(initializeMessage, { base: instance.url, headers: await proved() })).status).toBe(200);
    }
    const once = await proved();
    expect((await rawMcp(initializeMessage, { base: instances[0]!.url, headers: once })).status).toBe(200);
    for (const instance of instances.slice(1)) {
      const replayed = await rawMcp(initializeMessage, { base: instance.url, headers: once });
      expect(replayed.status).toBe(401);
      expect(replayed.headers.get("www-authenticate")).toContain('error="invalid_dpop_proof"');
    }
  });
});
