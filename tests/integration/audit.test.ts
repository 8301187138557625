import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, postFrom, type TestUser } from "../helpers/api";
import { addMember } from "../helpers/db";
import { createApiToken } from "../helpers/tokens";

// Issue 15, item 3: the audit trail with who, what, when and from which client address; filters
// by actor, object, event type and date; exports as CSV and JSON Lines; owners and admins only.

let owner: TestUser;
let member: TestUser;
let tokenId: string;

async function exportText(format: "csv" | "jsonl", query = "") {
  const response = await fetch(`${baseUrl()}/api/v2/audit/export?format=${format}${query}`, {
    headers: { authorization: `Bearer ${owner.accessToken}` },
  });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    disposition: response.headers.get("content-disposition"),
    text: await response.text(),
  };
}

beforeAll(async () => {
  owner = await createUser({ organization: "Audit org" });
  member = await createUser();
  await addMember(member.userId, owner.orgId, "member");
  // A token made from another loopback address, with a name that needs CSV quoting.
  const created = await postFrom(
    "127.0.0.9",
    "/api/v2/tokens",
    { name: 'deploy, "prod"', scopes: ["execute:mcp"] },
    baseUrl(),
    {
      authorization: `Bearer ${owner.accessToken}`,
    },
  );
  expect(created.status).toBe(201);
  tokenId = created.body.id;
  await api(`/api/v2/tokens/${tokenId}`, { method: "DELETE", token: owner.accessToken });
  await createApiToken(member);
});

describe("the audit trail", () => {
  it("records the client address and the actor, and filters by object, actor, event type and date", async () => {
    const byTarget = await api(`/api/v2/audit?target=${tokenId}`, { token: owner.accessToken });
    expect(byTarget.status).toBe(200);
    expect(byTarget.body.events.map((event: any) => event.action)).toEqual(["token.revoked", "token.created"]);
    const created = byTarget.body.events[1];
    expect(created).toMatchObject({ clientAddress: "127.0.0.9", actorUserId: owner.userId, actorEmail: owner.email });
    // Names beside ids: the token's name, as people know it.
    expect(byTarget.body.events.map((event: any) => event.targetName)).toEqual(['deploy, "prod"', 'deploy, "prod"']);

    const byMember = await api(`/api/v2/audit?actor=${member.userId}&action=token.`, { token: owner.accessToken });
    expect(byMember.body.events.length).toBeGreaterThan(0);
    expect(
      byMember.body.events.every(
        (event: any) => event.actorUserId === member.userId && event.action.startsWith("token."),
      ),
    ).toBe(true);

    // createUser signed both in through POST /api/v2/auth/token: sign-ins are events too.
    const signIns = await api(`/api/v2/audit?action=auth.signed_in`, { token: owner.accessToken });
    expect(signIns.body.events.map((event: any) => event.actorUserId)).toEqual(expect.arrayContaining([owner.userId]));
    expect(signIns.body.events[0].clientAddress).toBe("127.0.0.1");

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(
      (await api(`/api/v2/audit?from=${encodeURIComponent(future)}`, { token: owner.accessToken })).body.events,
    ).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(
      (await api(`/api/v2/audit?to=${encodeURIComponent(past)}`, { token: owner.accessToken })).body.events,
    ).toEqual([]);
    expect((await api(`/api/v2/audit?action=DROP TABLE`, { token: owner.accessToken })).status).toBe(400);
  });

  it("exports the same events as CSV and JSON Lines", async () => {
    const jsonl = await exportText("jsonl", `&target=${tokenId}`);
    expect(jsonl.status).toBe(200);
    expect(jsonl.type).toContain("application/jsonl");
    expect(jsonl.disposition).toMatch(/attachment; filename="keyway-audit-\d{4}-\d{2}-\d{2}\.jsonl"/);
    const lines = jsonl.text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((event) => event.action)).toEqual(["token.revoked", "token.created"]);
    expect(lines[1].metadata.name).toBe('deploy, "prod"');

    const csv = await exportText("csv", `&target=${tokenId}`);
    expect(csv.type).toContain("text/csv");
    const rows = csv.text.trimEnd().split("\r\n");
    expect(rows[0]).toBe(
      "createdAt,action,actorUserId,actorEmail,clientAddress,targetType,targetId,targetName,metadata",
    );
    expect(rows).toHaveLength(3);
    expect(rows[2]).toContain(",token.created,");
    expect(rows[2]).toContain(",127.0.0.9,");
    // The metadata JSON holds commas and quotes: one quoted field, quotes doubled (RFC 4180).
    expect(rows[2]).toContain('"{""name"":""deploy, \\""prod\\"""');

    // Unfiltered: the owner's sign-in and token events and the member's token.
    const all = (await exportText("jsonl")).text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(new Set(all.map((event) => event.actorUserId))).toEqual(new Set([owner.userId, member.userId]));
    expect(all.map((event) => event.action).sort()).toEqual([
      "auth.signed_in",
      "token.created",
      "token.created",
      "token.revoked",
    ]);
  });

  it("is for owners and admins only, and never shows another organization's events", async () => {
    expect((await api("/api/v2/audit", { token: member.accessToken })).status).toBe(403);
    const exported = await fetch(`${baseUrl()}/api/v2/audit/export`, {
      headers: { authorization: `Bearer ${member.accessToken}` },
    });
    expect(exported.status).toBe(403);
    const stranger = await createUser();
    const theirs = await api(`/api/v2/audit?target=${tokenId}`, { token: stranger.accessToken });
    expect(theirs.body.events).toEqual([]);
  });
});
