import * as OTPAuth from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, signIn, type TestUser } from "../helpers/api";
import { addMember, testDb } from "../helpers/db";
import {
  browser,
  startIdentityProvider,
  startRogueProvider,
  type IdentityProvider,
  type RogueDefect,
} from "../helpers/identity-provider";

// Issue 25, item 1: single sign-on per organization through its identity provider (OpenID
// Connect). A real provider (oidc-provider) on loopback; a rogue one for the ID tokens no real
// provider sends. Each sign-in walks the redirects as a browser does: Keyway's /sso/start, the
// provider's sign-in page, Keyway's /sso/callback.

let owner: TestUser;
let idp: IdentityProvider;
const callbackUrl = () => `${baseUrl()}/sso/callback`;
// Each run its own domains: on PostgreSQL the suites share one database, and a domain has one organization.
const run = Math.random().toString(36).slice(2, 8);
const domain = `acme-${run}.test`;

const settings = (overrides: Record<string, unknown> = {}) => ({
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  domains: [domain],
  newPeople: "member",
  required: false,
  ...overrides,
});
const configure = (body: Record<string, unknown>, token = owner.accessToken) =>
  api("/api/v2/organization/sso", { method: "PUT", token, body });

/** Signs `login` in through the provider from Keyway's sign-in page; the browser and where it ended. */
async function ssoSignIn(email: string, login: string, { stopAtCallback = false, b = browser() } = {}) {
  const start = await b.go(`${baseUrl()}/sso/start?email=${encodeURIComponent(email)}`, {}, (url) =>
    url.pathname.startsWith("/interaction/"),
  );
  expect(start.url.origin).toBe(new URL(idp.issuer).origin);
  const page = await b.request(start.url.href);
  const html = await page.text();
  const action = html.match(/action="([^"]+)"/)![1]!;
  const end = await b.go(new URL(action, idp.issuer).href, { form: { login, password: "anything" } }, (url) =>
    stopAtCallback ? url.pathname === "/sso/callback" : false,
  );
  return { b, url: end.url, response: end.response };
}

const cookieOf = (b: ReturnType<typeof browser>) =>
  [...b.cookies(baseUrl())].map(([name, value]) => `${name}=${value}`).join("; ");

async function whoIs(b: ReturnType<typeof browser>) {
  const cookie = cookieOf(b);
  const session = await (await fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie } })).json();
  // A cookie whose server-side session has ended names no user id (lib/auth/options.ts).
  return session?.user?.id ? (session.user.email as string) : undefined;
}

beforeAll(async () => {
  owner = await createUser({ organization: "Acme" });
  idp = await startIdentityProvider(callbackUrl(), {
    alice: { email: `alice@${domain}`, name: "Alice" },
    unverified: { email: `unverified@${domain}`, verified: false },
    outsider: { email: `outsider@elsewhere-${run}.test` },
    newcomer: { email: `newcomer@${domain}` },
    refused: { email: `refused@${domain}` },
  });
});

afterAll(() => idp.close());

describe("single sign-on", () => {
  it("is set up by an owner after the provider answers discovery, and read by admins", async () => {
    const admin = await createUser();
    await addMember(admin.userId, owner.orgId, "admin");
    expect((await configure(settings(), admin.accessToken)).status).toBe(403);

    // A provider that does not answer is refused before anything is saved.
    const nowhere = await configure(settings({ issuer: "http://127.0.0.1:9/" }));
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.message).toContain("issuer");
    // The secret is required the first time.
    const { clientSecret: _, ...withoutSecret } = settings();
    expect((await configure(withoutSecret)).status).toBe(400);

    const saved = await configure(settings());
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      configured: true,
      callbackUrl: callbackUrl(),
      issuer: idp.issuer,
      clientId: idp.clientId,
      domains: [domain],
      newPeople: "member",
      required: false,
    });
    expect(JSON.stringify(saved.body)).not.toContain(idp.clientSecret);
    const read = await api("/api/v2/organization/sso", { token: admin.accessToken });
    expect(read.status).toBe(200);
    expect(read.body.issuer).toBe(idp.issuer);
    // Stored sealed, never as given.
    const row = await testDb().ssoConnection.findUniqueOrThrow({ where: { orgId: owner.orgId } });
    expect(row.clientSecretSealed).not.toContain(idp.clientSecret);
    // Left out on a later change, the secret is kept.
    expect((await configure(withoutSecret)).status).toBe(200);

    // A domain belongs to one organization.
    const other = await createUser();
    const taken = await configure(settings(), other.accessToken);
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain(domain);
  });

  it("signs a member in through the provider, and a new person from the domain joins as a member", async () => {
    const alice = await createUser();
    await testDb().user.update({ where: { id: alice.userId }, data: { email: `alice@${domain}` } });
    await addMember(alice.userId, owner.orgId, "member");

    const first = await ssoSignIn(`alice@${domain}`, "alice");
    expect(first.url.href).toBe(`${baseUrl()}/`);
    expect(await whoIs(first.b)).toBe(`alice@${domain}`);

    const newcomer = await ssoSignIn(`newcomer@${domain}`, "newcomer");
    expect(await whoIs(newcomer.b)).toBe(`newcomer@${domain}`);
    const members = await api("/api/v2/organization/members", { token: owner.accessToken });
    expect(members.body.members).toContainEqual(
      expect.objectContaining({ email: `newcomer@${domain}`, role: "member" }),
    );
    // Linked by the provider's subject: a second sign-in finds the same person.
    const again = await ssoSignIn(`newcomer@${domain}`, "newcomer");
    expect(await whoIs(again.b)).toBe(`newcomer@${domain}`);
    expect(await testDb().user.count({ where: { email: `newcomer@${domain}` } })).toBe(1);

    const audit = await api(`/api/v2/audit?action=auth.sso_signed_in`, { token: owner.accessToken });
    expect(audit.body.events.filter((e: any) => e.action === "auth.sso_signed_in").length).toBeGreaterThanOrEqual(3);
    const joined = await api(`/api/v2/audit?action=member.joined`, { token: owner.accessToken });
    expect(joined.body.events).toContainEqual(expect.objectContaining({ actorEmail: `newcomer@${domain}` }));
  });

  it("refuses a foreign domain, an unverified address, an unknown domain, and new people when the owner says so", async () => {
    const outsider = await ssoSignIn(`outsider@${domain}`, "outsider");
    expect(outsider.url.pathname).toBe("/signin");
    expect(outsider.url.searchParams.get("sso")).toBe("foreign_domain");
    expect(await whoIs(outsider.b)).toBeUndefined();

    const unverified = await ssoSignIn(`unverified@${domain}`, "unverified");
    expect(unverified.url.searchParams.get("sso")).toBe("not_verified");

    const unknown = await browser().go(`${baseUrl()}/sso/start?email=someone@unknown-${run}.test`);
    expect(unknown.url.pathname).toBe("/signin");
    expect(unknown.url.searchParams.get("sso")).toBe("unknown_domain");
    // The page shows the reason's own sentence.
    expect(await unknown.response.text()).toContain("No organization signs in people from this e-mail domain");

    expect((await configure(settings({ newPeople: "refuse", clientSecret: undefined }))).status).toBe(200);
    const refused = await ssoSignIn(`refused@${domain}`, "refused");
    expect(refused.url.searchParams.get("sso")).toBe("no_account");
    expect(await testDb().user.count({ where: { email: `refused@${domain}` } })).toBe(0);
    expect((await configure(settings({ newPeople: "member", clientSecret: undefined }))).status).toBe(200);

    const audit = await api(`/api/v2/audit?action=auth.sso_sign_in_refused`, { token: owner.accessToken });
    const reasons = audit.body.events.map((e: any) => e.metadata.reason);
    expect(reasons).toEqual(expect.arrayContaining(["foreign_domain", "not_verified", "no_account"]));
  });

  it("refuses a callback with no sign-in in flight, or with another browser's", async () => {
    const stray = await browser().go(`${baseUrl()}/sso/callback?code=abc&state=def`);
    expect(stray.url.searchParams.get("sso")).toBe("expired");

    // The provider's answer to one browser's sign-in, brought to another browser with a sign-in of
    // its own in flight (login CSRF): refused, and the second browser stays signed out.
    const victim = browser();
    const started = await victim.go(`${baseUrl()}/sso/start?email=alice@${domain}`, {}, (url) =>
      url.pathname.startsWith("/interaction/"),
    );
    expect(started.url.origin).toBe(new URL(idp.issuer).origin);
    const attacker = await ssoSignIn(`newcomer@${domain}`, "newcomer", { stopAtCallback: true });
    expect(attacker.url.pathname).toBe("/sso/callback");
    const landed = await victim.go(attacker.url.href);
    expect(landed.url.searchParams.get("sso")).toBe("invalid_response");
    expect(await whoIs(victim)).toBeUndefined();
    // The answer still signs in the browser it was meant for.
    const own = await attacker.b.go(attacker.url.href);
    expect(own.url.href).toBe(`${baseUrl()}/`);
    expect(await whoIs(attacker.b)).toBe(`newcomer@${domain}`);
  });

  it("with SSO required, refuses members' passwords (page and API) and ends their sessions; owners keep theirs", async () => {
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    const session = await signIn(member);
    const before = await fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie: session.cookie } });
    expect((await before.json()).user).toMatchObject({ id: member.userId, email: member.email });

    expect((await configure(settings({ required: true, clientSecret: undefined }))).status).toBe(200);
    // Signed out on the server at once.
    const after = await fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie: session.cookie } });
    expect((await after.json()).user?.id).toBeUndefined();
    expect((await api("/api/v2/tokens", { token: member.accessToken })).status).toBe(401);

    const token = await api("/api/v2/auth/token", { body: { email: member.email, password: member.password } });
    expect(token.status).toBe(403);
    expect(token.body.error.message).toContain("single sign-on");
    await expect(signIn(member)).rejects.toThrow("no session cookie");

    // The owner's password is the recovery path.
    const ownerToken = await api("/api/v2/auth/token", { body: { email: owner.email, password: owner.password } });
    expect(ownerToken.status).toBe(200);
    // Members still sign in through the provider.
    const alice = await ssoSignIn(`alice@${domain}`, "alice");
    expect(await whoIs(alice.b)).toBe(`alice@${domain}`);

    expect((await configure(settings({ required: false, clientSecret: undefined }))).status).toBe(200);
    expect((await api("/api/v2/auth/token", { body: { email: member.email, password: member.password } })).status).toBe(
      200,
    );
  });
});

describe("single sign-on and the second-factor requirement", () => {
  it("leaves people who sign in only through the provider to the provider's factors", async () => {
    const started = await api("/api/v2/account/second-factor/totp", { method: "POST", token: owner.accessToken });
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(started.body.secret) }).generate();
    const confirmed = await api("/api/v2/account/second-factor/totp/confirm", {
      method: "POST",
      token: owner.accessToken,
      body: { code },
    });
    expect(confirmed.status).toBe(200);
    const require = (required: boolean) =>
      api("/api/v2/organization/second-factor", { method: "PUT", token: owner.accessToken, body: { required } });
    expect((await require(true)).status).toBe(200);

    // The newcomer joined through the provider and has no password: not held at the Account page.
    const newcomer = await ssoSignIn(`newcomer@${domain}`, "newcomer");
    const tokens = await fetch(`${baseUrl()}/api/v2/tokens`, { headers: { cookie: cookieOf(newcomer.b) } });
    expect(tokens.status).toBe(200);
    // With no password, no password signs them in.
    const guess = await api("/api/v2/auth/token", { body: { email: `newcomer@${domain}`, password: "any password" } });
    expect(guess.status).toBe(401);
    // Alice has a password too: the requirement holds for her.
    const alice = await ssoSignIn(`alice@${domain}`, "alice");
    const held = await fetch(`${baseUrl()}/api/v2/tokens`, { headers: { cookie: cookieOf(alice.b) } });
    expect(held.status).toBe(403);
    expect((await require(false)).status).toBe(200);
  });
});

describe("single sign-on: ID tokens Keyway must refuse", () => {
  let defect: RogueDefect = "none";
  let rogue: Awaited<ReturnType<typeof startRogueProvider>>;
  let rogueOwner: TestUser;
  const rogueDomain = `rogue-${run}.test`;
  const email = `mallory@${rogueDomain}`;

  beforeAll(async () => {
    rogue = await startRogueProvider(email, () => defect);
    rogueOwner = await createUser();
    const saved = await configure(
      {
        issuer: rogue.issuer,
        clientId: rogue.clientId,
        clientSecret: rogue.clientSecret,
        domains: [rogueDomain],
        newPeople: "member",
        required: false,
      },
      rogueOwner.accessToken,
    );
    expect(saved.status).toBe(200);
  });

  afterAll(() => rogue.close());

  it.each(["forged", "expired", "wrong_nonce"] as const)("refuses an ID token that is %s", async (kind) => {
    defect = kind;
    const b = browser();
    const end = await b.go(`${baseUrl()}/sso/start?email=${email}`);
    expect(end.url.pathname).toBe("/signin");
    expect(end.url.searchParams.get("sso")).toBe("invalid_response");
    expect(await whoIs(b)).toBeUndefined();
    expect(await testDb().user.count({ where: { email } })).toBe(0);
  });

  it("signs in with the same provider's sound ID token (the refusals above are the defects')", async () => {
    defect = "none";
    const b = browser();
    const end = await b.go(`${baseUrl()}/sso/start?email=${email}`);
    expect(end.url.href).toBe(`${baseUrl()}/`);
    expect(await whoIs(b)).toBe(email);
  });
});
