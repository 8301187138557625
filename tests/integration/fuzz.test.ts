import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { TOOLS } from "@/lib/mcp/server";
import { baseUrl, createUser, type TestUser } from "../helpers/api";
import { testDb } from "../helpers/db";
import { createApiToken } from "../helpers/tokens";

// Random and malformed bodies, headers and JSON-RPC messages against the public surface: never a
// 5xx, never a hang, and a rejected request leaves the stored data as it was. (Usage counters and
// lastUsedAt are bookkeeping of requests, rejected ones included, so they are not compared.)
// FUZZ_RUNS and FUZZ_SEED widen a local search or replay a counterexample.
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 200);
if (process.env.FUZZ_SEED) fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED) });

let user: TestUser;
let token: { id: string; token: string };

beforeAll(async () => {
  user = await createUser();
  token = await createApiToken(user, {
    scopes: ["execute:mcp", "write:tasks", "write:context", "write:agents"],
    rateLimitPerHour: 100_000,
  });
});

async function snapshot() {
  const db = testDb();
  const [users, orgs, members, tokens, tasks, agents, contexts, audit] = await Promise.all([
    db.user.count(),
    db.organization.count(),
    db.membership.findMany({ orderBy: { id: "asc" }, select: { id: true, role: true, orgId: true } }),
    db.apiToken.findMany({
      orderBy: { id: "asc" },
      select: { id: true, name: true, scopes: true, rateLimitPerHour: true, revokedAt: true, expiresAt: true },
    }),
    db.task.findMany({
      orderBy: { id: "asc" },
      select: { id: true, title: true, status: true, priority: true, description: true, assigneeAgentId: true },
    }),
    db.agent.findMany({
      orderBy: { id: "asc" },
      select: { id: true, name: true, description: true, capabilities: true },
    }),
    db.contextDocument.findMany({ orderBy: { id: "asc" }, select: { id: true, data: true } }),
    db.auditEvent.count(),
  ]);
  return JSON.stringify({ users, orgs, members, tokens, tasks, agents, contexts, audit });
}

const junkString = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom("", " ", "null", "{", "[]", "\u0000", "💥".repeat(50), "a".repeat(70_000)),
);
const jsonValue = fc.oneof(
  fc.json({ maxDepth: 4 }).map((text) => text),
  junkString,
);

const authorization = () =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant(`Bearer ${user.accessToken}`),
    fc.constant(`Bearer ${token.token}`),
    fc.constant(`Bearer ${token.token.slice(0, -3)}abc`),
    junkString.map((s) => `Bearer ${s}`),
    junkString,
  );

const contentType = fc.constantFrom(
  undefined,
  "application/json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/json; charset=utf-8",
  "multipart/form-data; boundary=x",
);

const apiPath = () =>
  fc.oneof(
    fc.constantFrom(
      "/api/v2/tokens",
      "/api/v2/tokens/validate",
      "/api/v2/auth/signup",
      "/api/v2/auth/token",
      "/api/v2/audit",
      "/api/v2/openapi.json",
    ),
    fc
      .constantFrom(token.id, "nope", "%00", "..%2F..%2Fetc", "a".repeat(300))
      .chain((id) =>
        fc.constantFrom(
          `/api/v2/tokens/${id}`,
          `/api/v2/tokens/${id}/rotate`,
          `/api/v2/tokens/${id}/usage?window=${encodeURIComponent(id)}`,
        ),
      ),
    fc
      .string({ maxLength: 30 })
      .map(
        (q) =>
          `/api/v2/tokens?limit=${encodeURIComponent(q)}&cursor=${encodeURIComponent(q)}&status=${encodeURIComponent(q)}`,
      ),
  );

const TOOL_NAMES = [...TOOLS.map((tool) => tool.name), "nope"];

const jsonRpc = () =>
  fc.oneof(
    fc
      .record({
        jsonrpc: fc.constantFrom("2.0", "1.0", 2),
        id: fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null)),
        method: fc.oneof(
          fc.constantFrom(
            "initialize",
            "tools/list",
            "tools/call",
            "ping",
            "resources/list",
            "notifications/initialized",
          ),
          fc.string({ maxLength: 20 }),
        ),
        params: fc.oneof(
          fc.constant(undefined),
          fc.record({
            name: fc.constantFrom(...TOOL_NAMES),
            arguments: fc.oneof(fc.object({ maxDepth: 2 }), fc.constant(null), fc.string()),
          }),
          fc.object({ maxDepth: 2 }),
        ),
      })
      .map((message) => JSON.stringify(message)),
    fc.array(fc.object({ maxDepth: 1 }), { maxLength: 3 }).map((batch) => JSON.stringify(batch)),
    jsonValue,
  );

type Sent = { status: number; text: string };

async function send(
  path: string,
  method: string,
  headers: Record<string, string | undefined>,
  body?: string,
): Promise<Sent> {
  const clean = Object.fromEntries(
    Object.entries(headers).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && /^[\t\x20-\x7e]*$/.test(entry[1]),
    ),
  );
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: clean,
    body: method === "GET" || method === "HEAD" ? undefined : body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text() };
}

function rejected(sent: Sent): boolean {
  if (sent.status >= 400) return true;
  try {
    const body = JSON.parse(sent.text);
    return Boolean(body?.error || body?.result?.isError);
  } catch {
    return false;
  }
}

describe("fuzzing the public surface", () => {
  it("answers /api/v2/** without 5xx and without changing data on rejection", async () => {
    await fc.assert(
      fc.asyncProperty(
        apiPath(),
        fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT"),
        authorization(),
        contentType,
        jsonValue,
        async (path, method, auth, type, body) => {
          const before = await snapshot();
          const sent = await send(path, method, { authorization: auth, "content-type": type }, body);
          expect(sent.status, `${method} ${path} -> ${sent.text.slice(0, 200)}`).toBeLessThan(500);
          if (rejected(sent)) expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("answers /mcp without 5xx and without changing data on rejection", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/mcp", "/mcp/", "/mcp/initialize", "/mcp/messages?sessionId=x"),
        fc.constantFrom("POST", "POST", "POST", "GET", "DELETE"),
        authorization(),
        fc.constantFrom(
          undefined,
          "application/json, text/event-stream",
          "text/event-stream",
          "application/json",
          "*/*",
        ),
        contentType,
        jsonRpc(),
        async (path, method, auth, accept, type, body) => {
          const before = await snapshot();
          const sent = await send(path, method, { authorization: auth, accept, "content-type": type }, body);
          expect(sent.status, `${method} ${path} -> ${sent.text.slice(0, 200)}`).toBeLessThan(500);
          if (rejected(sent)) expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
