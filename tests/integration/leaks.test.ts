import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createEnterpriseClient,
  createInvitation,
  createServiceAccount,
  createServiceClient,
  listActivity,
  listAudit,
  reportLeak,
  setWebhook,
} from "../../lib/api/operations";
import { findSecrets } from "../../lib/auth/secret-format";
import { api, apiAs, createUser, signIn, type TestUser } from "../helpers/api";
import { signWith } from "../helpers/forge";
import { localServer } from "../helpers/local-server";
import { rawMcp, toolCall } from "../helpers/mcp";
import { exchange, obtainCode, refreshWith, register } from "../helpers/oauth";
import { startServer, type RunningServer } from "../helpers/server";
import { createApiToken } from "../helpers/tokens";

// Issue 36, items 3 and 4: every secret Keyway issues is found by the one documented pattern and
// nothing else is; a leak reported by GitHub (signed) or by whoever found it ends the secret at
// once, audited, flagged and sent to the organization's webhook; an unsigned, forged or foreign
// report ends nothing.

const GITHUB_KEY_ID = "bcb53661c06b4728e59d897fb6165d5c9cda0fd9cdf9d09ead458168deb7518c";
const github = generateKeyPairSync("ec", { namedCurve: "P-256" });
const impostor = generateKeyPairSync("ec", { namedCurve: "P-256" });

let keys: Awaited<ReturnType<typeof localServer>>;
let hook: Awaited<ReturnType<typeof localServer>>;
const delivered: string[] = [];
let server: RunningServer;

beforeAll(async () => {
  // GitHub's published keys, as https://api.github.com/meta/public_keys/secret_scanning serves them.
  keys = await localServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        public_keys: [
          {
            key_identifier: GITHUB_KEY_ID,
            key: github.publicKey.export({ type: "spki", format: "pem" }),
            is_current: true,
          },
        ],
      }),
    );
  });
  hook = await localServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      delivered.push(body);
      res.writeHead(204).end();
    });
  });
  server = await startServer({ SECRET_SCANNING_KEYS_URL: `${keys.url}/meta/public_keys/secret_scanning` });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await keys?.close();
  await hook?.close();
});

/** A report as GitHub sends it: the raw body signed with ECDSA P-256 / SHA-256, DER, base64. */
function githubReport(matches: object[], { key = github.privateKey, keyId = GITHUB_KEY_ID, signed = true } = {}) {
  const body = JSON.stringify(matches);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signed) {
    headers["github-public-key-identifier"] = keyId;
    headers["github-public-key-signature"] = sign("sha256", Buffer.from(body), key).toString("base64");
  }
  return fetch(`${server.url}/api/v2/secret-scanning/github`, { method: "POST", headers, body }).then(
    async (response) => ({ status: response.status, body: (await response.json()) as any }),
  );
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("recognisable secrets", () => {
  it("the documented pattern finds every kind of secret Keyway issues in a corpus, and nothing else", async () => {
    const owner = await createUser({ base: server.url });
    const call = apiAs(owner, server.url);
    const apiToken = (await createApiToken(owner, {}, server.url)).token;
    // An OAuth app's access and refresh tokens.
    const { client_id: clientId } = (await register({}, server.url)).body;
    const { cookie } = await signIn(owner, { base: server.url });
    const { code, verifier } = await obtainCode(cookie, clientId, { base: server.url });
    const oauth = (await exchange(clientId, code, verifier, undefined, server.url)).body;
    const account = await call(createServiceAccount, { body: { name: "ci" } });
    if (!account.ok) throw new Error(account.message);
    const client = await call(createServiceClient, {
      params: { id: account.data.id },
      body: { name: "nightly", authMethod: "client_secret_basic", scopes: ["execute:mcp"] },
    });
    const enterprise = await call(createEnterpriseClient, { body: { name: "Agent platform" } });
    const invitation = await call(createInvitation, { body: { email: "new@example.test" } });
    if (!client.ok || !enterprise.ok || !invitation.ok) throw new Error("could not make the secrets");
    const secrets = [
      apiToken,
      owner.accessToken,
      oauth.access_token,
      oauth.refresh_token,
      client.data.clientSecret!,
      enterprise.data.clientSecret,
      new URL(invitation.data.url).pathname.split("/").pop()!,
    ];
    expect(secrets.every((secret) => typeof secret === "string" && secret.length > 40)).toBe(true);

    // What else turns up in code and logs: ids, another service's JWT (same algorithm, no Keyway
    // header), a Keyway token of the format before, look-alike prefixes, ordinary prose.
    const foreignJwt = await signWith(
      { sub: "x", exp: 4102444800 },
      { key: new TextEncoder().encode("another service's secret key") },
    );
    const oldFormat = await signWith({ iss: server.url, sub: owner.userId, jti: "old", exp: 4102444800, iat: 1 });
    const decoys = [
      clientId,
      client.data.clientId,
      enterprise.data.clientId,
      foreignJwt,
      oldFormat,
      "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
      "kwx_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
      "kwr_tooShort",
      "The kwr_ prefix marks refresh tokens; eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 is a common header.",
    ];
    const corpus = [
      "# deploy notes",
      ...secrets.map((secret, i) => `line ${i}: export SECRET=${secret} # oops`),
      ...decoys.map((decoy) => `see ${decoy}.`),
    ].join("\n");
    expect(findSecrets(corpus)).toEqual(secrets);
    expect(findSecrets(decoys.join("\n"))).toEqual([]);
  }, 60_000);
});

describe("leak reports", () => {
  let owner: TestUser;
  beforeAll(async () => {
    owner = await createUser({ base: server.url });
    const set = await apiAs(owner, server.url)(setWebhook, { body: { url: `${hook.url}/hooks` } });
    if (!set.ok) throw new Error(set.message);
  });

  it("a report signed by GitHub revokes the token at once, audited, flagged and sent to the webhook", async () => {
    const leaked = await createApiToken(owner, { name: "committed by mistake" }, server.url);
    expect((await rawMcp(toolCall("whoami"), { token: leaked.token, base: server.url })).status).toBe(200);
    const url = "https://github.com/octo/repo/blob/abc/.env";
    const report = await githubReport([
      { token: leaked.token, type: "keyway_secret", url, source: "content" },
      { token: "kwr_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG", type: "keyway_secret", url, source: "content" },
    ]);
    expect(report.status).toBe(200);
    expect(report.body).toEqual([
      { token_hash: sha256(leaked.token), token_type: "keyway_secret", label: "true_positive" },
      {
        token_hash: sha256("kwr_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"),
        token_type: "keyway_secret",
        label: "false_positive",
      },
    ]);
    expect(JSON.stringify(report.body)).not.toContain(leaked.token);

    const refused = await rawMcp(toolCall("whoami"), { token: leaked.token, base: server.url });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer .*error="invalid_token"/);

    const audit = await apiAs(owner, server.url)(listAudit, { query: { action: "secret.leak_reported" } });
    expect(audit.ok && audit.data.events.map((event) => [event.targetType, event.targetId, event.metadata])).toEqual([
      ["api_token", leaked.id, { reporter: "github", url, source: "content" }],
    ]);
    const flags = await apiAs(owner, server.url)(listActivity);
    expect(flags.ok && flags.data.flags.filter((flag) => flag.tokenId === leaked.id).map((flag) => flag.kind)).toEqual([
      "leak_reported",
    ]);
    const deadline = Date.now() + 20_000;
    while (!delivered.some((body) => body.includes(leaked.id)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(JSON.parse(delivered.find((body) => body.includes(leaked.id))!)).toMatchObject({
      type: "token.unusual_activity",
      kind: "leak_reported",
      token: { id: leaked.id },
    });

    // The same report again changes nothing more.
    const again = await githubReport([{ token: leaked.token, type: "keyway_secret", url, source: "content" }]);
    expect(again.body).toEqual([
      { token_hash: sha256(leaked.token), token_type: "keyway_secret", label: "true_positive" },
    ]);
    const auditAfter = await apiAs(owner, server.url)(listAudit, { query: { action: "secret.leak_reported" } });
    expect(auditAfter.ok && auditAfter.data.events).toHaveLength(1);
  }, 60_000);

  it("unsigned, forged and unknown-key reports end nothing", async () => {
    const kept = await createApiToken(owner, { name: "still good" }, server.url);
    const matches = [{ token: kept.token, type: "keyway_secret", url: "", source: "content" }];
    const unsigned = await githubReport(matches, { signed: false });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.message).toContain("Github-Public-Key-Signature");
    const forged = await githubReport(matches, { key: impostor.privateKey });
    expect(forged.status).toBe(403);
    expect(forged.body.error.message).toBe(
      "The report's signature does not verify against the reporter's published keys.",
    );
    expect((await githubReport(matches, { key: impostor.privateKey, keyId: "someone-else" })).status).toBe(403);
    // Signed, but the body changed on the way.
    const body = JSON.stringify(matches);
    const tampered = await fetch(`${server.url}/api/v2/secret-scanning/github`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "github-public-key-identifier": GITHUB_KEY_ID,
        "github-public-key-signature": sign("sha256", Buffer.from(body), github.privateKey).toString("base64"),
      },
      body: body.replace("content", "commit"),
    });
    expect(tampered.status).toBe(403);
    expect((await rawMcp(toolCall("whoami"), { token: kept.token, base: server.url })).status).toBe(200);
  });

  it("whoever finds a secret can end it: a user access token, a refresh token, a client secret", async () => {
    const person = await createUser({ base: server.url });
    const anyone = apiAs(null, server.url);
    expect(await anyone(reportLeak, { body: { token: person.accessToken } })).toMatchObject({
      ok: true,
      data: { ended: true },
    });
    expect((await api("/api/v2/account/sessions", { token: person.accessToken, base: server.url })).status).toBe(401);
    expect(await anyone(reportLeak, { body: { token: "not a secret at all" } })).toMatchObject({
      ok: true,
      data: { ended: false },
    });
    // A token of another deployment (another key) is not Keyway's here.
    const elsewhere = await signWith(
      { iss: server.url, sub: "x", jti: "y", exp: 4102444800, iat: 1 },
      { key: new TextEncoder().encode("another deployment's key, 32 bytes long") },
    );
    expect(await anyone(reportLeak, { body: { token: elsewhere } })).toMatchObject({
      ok: true,
      data: { ended: false },
    });

    const { client_id: clientId } = (await register({}, server.url)).body;
    const { cookie } = await signIn(owner, { base: server.url });
    const { code, verifier } = await obtainCode(cookie, clientId, { base: server.url });
    const oauth = (await exchange(clientId, code, verifier, undefined, server.url)).body;
    expect(await anyone(reportLeak, { body: { token: oauth.refresh_token } })).toMatchObject({ data: { ended: true } });
    expect((await refreshWith(clientId, oauth.refresh_token, server.url)).body.error).toBe("invalid_grant");
    expect((await rawMcp(toolCall("whoami"), { token: oauth.access_token, base: server.url })).status).toBe(401);

    const account = await apiAs(owner, server.url)(createServiceAccount, { body: { name: "deployer" } });
    if (!account.ok) throw new Error(account.message);
    const client = await apiAs(owner, server.url)(createServiceClient, {
      params: { id: account.data.id },
      body: { name: "ci", authMethod: "client_secret_basic", scopes: ["execute:mcp"] },
    });
    if (!client.ok) throw new Error(client.message);
    const basic = `Basic ${Buffer.from(`${client.data.clientId}:${client.data.clientSecret}`).toString("base64")}`;
    const grant = () =>
      fetch(`${server.url}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic },
        body: new URLSearchParams({ grant_type: "client_credentials" }),
      });
    expect((await grant()).status).toBe(200);
    expect(await anyone(reportLeak, { body: { token: client.data.clientSecret! } })).toMatchObject({
      data: { ended: true },
    });
    expect((await grant()).status).toBe(401);
  }, 60_000);
});
