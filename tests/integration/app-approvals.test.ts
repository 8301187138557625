import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, createUser, signIn, type TestUser } from "../helpers/api";
import { addMember } from "../helpers/db";
import { initializeMessage, rawMcp } from "../helpers/mcp";
import { exchange, localServer, obtainCode, openAuthorize, pkce, REDIRECT_URI, refreshWith } from "../helpers/oauth";

// Issue 24, item 4: the token policy says which OAuth apps members may connect: any, only those
// an owner or admin approved, or none. A first try in "approved" mode asks for an approval the
// member is told about; once approved the app connects; withdrawing the approval revokes its
// grants at once. The rule holds at consent, at the code exchange and at refresh.

let owner: TestUser;
let member: TestUser;
let memberCookie: string;
// Apps known by their client_id documents, served here (no registration: on PostgreSQL + Redis the
// suites share one registration limit per address).
let documents: Awaited<ReturnType<typeof localServer>>;
const app = (name: string) => `${documents.url}/${encodeURIComponent(name)}.json`;

const POLICY = {
  maxExpiryDays: null,
  maxRateLimitPerHour: null,
  memberScopes: null,
  approvalForWrite: false,
  requireAllowedAddresses: false,
  appAccessTokenMinutes: null,
  appRefreshIdleDays: null,
};
const setMode = (connectedApps: "any" | "approved" | "none") =>
  api("/api/v2/organization/policy", { method: "PUT", token: owner.accessToken, body: { ...POLICY, connectedApps } });

const authorizeParams = (clientId: string) => ({
  response_type: "code",
  client_id: clientId,
  redirect_uri: REDIRECT_URI,
  code_challenge: pkce().challenge,
  code_challenge_method: "S256",
  scope: "execute:mcp read:tasks",
});

const approvals = async () =>
  (await api("/api/v2/organization/app-approvals", { token: owner.accessToken })).body.approvals as any[];

beforeAll(async () => {
  documents = await localServer((req, res) =>
    res.setHeader("content-type", "application/json").end(
      JSON.stringify({
        client_id: `${documents.url}${req.url}`,
        client_name: decodeURIComponent(req.url!.slice(1, -".json".length)),
        redirect_uris: [REDIRECT_URI],
      }),
    ),
  );
  owner = await createUser({ organization: "Careful Co" });
  member = await createUser();
  await addMember(member.userId, owner.orgId, "member");
  memberCookie = (await signIn(member)).cookie;
});

afterAll(() => documents.close());

describe("connected-app control", () => {
  it("holds a new app in approved-only mode until an owner approves it, and withdrawing the approval refuses it at once", async () => {
    expect((await setMode("approved")).status).toBe(200);
    const clientId = app("Careful App");

    // The member's first try: no consent form, the reason instead, and the app in the queue.
    const held = await openAuthorize(memberCookie, authorizeParams(clientId));
    expect(held.ticket).toBeUndefined();
    expect(held.html).toContain("waiting for an owner");
    const [request] = (await approvals()).filter((approval) => approval.clientId === clientId);
    expect(request).toMatchObject({
      clientName: "Careful App",
      redirectHost: "127.0.0.1:8976",
      scopes: ["execute:mcp", "read:tasks"],
      status: "pending",
      requestedBy: member.email,
    });
    // Asking again does not ask twice.
    await openAuthorize(memberCookie, authorizeParams(clientId));
    expect((await approvals()).filter((approval) => approval.clientId === clientId)).toHaveLength(1);
    // Members do not decide.
    const byMember = await api(`/api/v2/organization/app-approvals/${request.id}/approve`, {
      method: "POST",
      token: member.accessToken,
    });
    expect(byMember.status).toBe(403);

    const approved = await api(`/api/v2/organization/app-approvals/${request.id}/approve`, {
      method: "POST",
      token: owner.accessToken,
    });
    expect(approved.body).toMatchObject({ status: "approved" });
    const { code, verifier } = await obtainCode(memberCookie, clientId);
    const tokens = (await exchange(clientId, code, verifier)).body;
    expect((await rawMcp(initializeMessage, { token: tokens.access_token })).status).toBe(200);

    const withdrawn = await api(`/api/v2/organization/app-approvals/${request.id}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    expect(withdrawn.body).toMatchObject({ status: "withdrawn", grantsRevoked: 1 });
    const refused = await rawMcp(initializeMessage, { token: tokens.access_token });
    expect([refused.status, refused.json.error.message]).toEqual([401, "Token has been revoked"]);
    expect((await refreshWith(clientId, tokens.refresh_token)).body.error).toBe("invalid_grant");
    // And it is held again.
    expect((await openAuthorize(memberCookie, authorizeParams(clientId))).ticket).toBeUndefined();
  });

  it("refuses a code exchanged after the app stopped being allowed", async () => {
    await setMode("any");
    const clientId = app("Quick App");
    const { code, verifier } = await obtainCode(memberCookie, clientId);
    await setMode("approved");
    const answer = await exchange(clientId, code, verifier);
    expect(answer.body).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringContaining("approval"),
    });
    expect(answer.body.access_token).toBeUndefined();
  });

  it("connects nothing in none mode, and switching to it revokes the apps already connected", async () => {
    await setMode("any");
    const clientId = app("Doomed App");
    const { code, verifier } = await obtainCode(memberCookie, clientId);
    const tokens = (await exchange(clientId, code, verifier)).body;
    expect((await rawMcp(initializeMessage, { token: tokens.access_token })).status).toBe(200);

    expect((await setMode("none")).status).toBe(200);
    expect((await rawMcp(initializeMessage, { token: tokens.access_token })).status).toBe(401);
    const page = await openAuthorize(memberCookie, authorizeParams(clientId));
    expect(page.ticket).toBeUndefined();
    expect(page.html).toContain("does not allow connecting apps");
    await setMode("any");
  });
});
