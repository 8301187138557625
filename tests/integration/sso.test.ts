import * as OTPAuth from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, signIn, type TestUser } from "../helpers/api";
import { addMember, testDb } from "../helpers/db";
import { publishTxt, withdrawTxt } from "../helpers/dns-server";
import {
  browser,
  startIdentityProvider,
  startRogueProvider,
  type IdentityProvider,
  type RogueDefect,
} from "../helpers/identity-provider";
import { checkDomain, dnsRecordsDir, domainRecord, proveDomain } from "../helpers/sso";

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
      domains: [
        {
          domain,
          status: "unproven",
          provenAt: null,
          record: {
            type: "TXT",
            name: `_keyway-challenge.${domain}`,
            value: expect.stringMatching(/^keyway-domain-verification=/),
          },
        },
      ],
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

    // Until proven a domain admits no one: no sign-in starts for it.
    const early = await browser().go(`${baseUrl()}/sso/start?email=alice@${domain}`);
    expect(early.url.searchParams.get("sso")).toBe("unknown_domain");

    // Another organization may claim a domain nobody has proven (a claim holds nothing) ...
    const other = await createUser();
    expect((await configure(settings(), other.accessToken)).status).toBe(200);
    const proven = await proveDomain(owner.accessToken, domain);
    expect(proven.body.domains[0]).toMatchObject({ domain, status: "proven", provenAt: expect.any(String) });
    // ... but once one has proven it, nobody else can claim or prove it, even with their own record.
    const taken = await configure(settings(), other.accessToken);
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toBe(`${domain}: already proven by another organization.`);
    const theirs = await domainRecord(other.accessToken, domain);
    publishTxt(dnsRecordsDir(), theirs.name, [theirs.value]);
    const second = await checkDomain(other.accessToken, domain);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe(`${domain}: already proven by another organization.`);
    // A proof outlives a later change of the settings while the domain stays listed.
    const resaved = await configure(settings({ clientSecret: undefined }));
    expect(resaved.body.domains[0].status).toBe("proven");
  });

  it("proves a domain by its DNS TXT record only: a missing, a wrong and the right record", async () => {
    const own = await createUser();
    const claimed = `proof-${run}.test`;
    const save = (domains: string[]) => configure(settings({ domains }), own.accessToken);
    expect((await save([claimed])).status).toBe(200);
    const record = await domainRecord(own.accessToken, claimed);
    // Each organization's value is its own.
    expect(record.value).not.toBe((await domainRecord(owner.accessToken, domain)).value);

    const missing = await checkDomain(own.accessToken, claimed);
    expect(missing.status).toBe(409);
    expect(missing.body.error).toEqual({
      code: "conflict",
      message: `${claimed} is not proven yet: no TXT record "${record.value}" at ${record.name}. Publish it with your DNS provider, then check again (new records can take a while to appear).`,
    });
    // Another organization's value, or a near miss, proves nothing.
    const foreign = await domainRecord(owner.accessToken, domain);
    publishTxt(dnsRecordsDir(), record.name, [foreign.value, `${record.value}x`, "v=spf1 -all"]);
    const wrong = await checkDomain(own.accessToken, claimed);
    expect(wrong.status).toBe(409);
    // The right one, among others at the same name.
    publishTxt(dnsRecordsDir(), record.name, ["v=spf1 -all", record.value]);
    const right = await checkDomain(own.accessToken, claimed);
    expect(right.status).toBe(200);
    expect(right.body.domains).toEqual([expect.objectContaining({ domain: claimed, status: "proven" })]);
    withdrawTxt(dnsRecordsDir(), record.name);

    // Only owners prove, and only their own claims.
    const admin = await createUser();
    await addMember(admin.userId, own.orgId, "admin");
    expect((await checkDomain(admin.accessToken, claimed)).status).toBe(403);
    expect((await checkDomain(own.accessToken, `never-claimed-${run}.test`)).status).toBe(404);

    const audit = await api("/api/v2/audit", { token: own.accessToken });
    const actions = audit.body.events.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["sso.domain_proven", "sso.domain_proof_failed"]));
  });

  it("refuses public mail domains outright", async () => {
    const own = await createUser();
    for (const publicDomain of ["gmail.com", "outlook.com", "GMAIL.COM"]) {
      const refused = await configure(settings({ domains: [`own-${run}.test`, publicDomain] }), own.accessToken);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: "validation_error",
        message: "domains.1: is a public mail domain: its people are not one organization's",
      });
    }
    expect(await testDb().ssoDomain.count({ where: { orgId: own.orgId } })).toBe(0);
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

  it("with SSO required, members' passwords no longer reach the organization (page and API); owners keep theirs", async () => {
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    const session = await signIn(member);
    const before = await fetch(`${baseUrl()}/api/v2/tokens`, { headers: { cookie: session.cookie } });
    expect(before.status).toBe(200);

    expect((await configure(settings({ required: true, clientSecret: undefined }))).status).toBe(200);
    // At the next request: the session and the access token opened with the password reach nothing.
    const after = await fetch(`${baseUrl()}/api/v2/tokens`, { headers: { cookie: session.cookie } });
    expect(after.status).toBe(401);
    const held = await api("/api/v2/tokens", { token: member.accessToken });
    expect(held.status).toBe(401);
    expect(held.body.error.message).toContain("reaches none of your organizations");
    expect(held.headers.get("www-authenticate")).toMatch(/^Bearer /);

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
    expect((await fetch(`${baseUrl()}/api/v2/tokens`, { headers: { cookie: session.cookie } })).status).toBe(200);
  });

  it("with SSO required, a member's own other organizations still take their password", async () => {
    // Someone who belongs to the owner's organization and runs an organization of their own.
    const both = await createUser({ organization: "Their own" });
    await testDb().membership.create({ data: { userId: both.userId, orgId: owner.orgId, role: "member" } });
    expect((await configure(settings({ required: true, clientSecret: undefined }))).status).toBe(200);
    try {
      const token = await api("/api/v2/auth/token", { body: { email: both.email, password: both.password } });
      expect(token.status).toBe(200);
      const orgs = await api("/api/v2/organizations", { token: token.body.accessToken });
      expect(orgs.body.organizations).toEqual([
        expect.objectContaining({ id: both.orgId, current: true, reachable: true }),
        expect.objectContaining({ id: owner.orgId, current: false, reachable: false }),
      ]);
      const moved = await api("/api/v2/organizations/current", {
        method: "PUT",
        token: token.body.accessToken,
        body: { orgId: owner.orgId },
      });
      expect(moved.status).toBe(403);
      expect(moved.body.error.message).toBe(
        "Acme signs its members in through single sign-on: sign in through it to reach Acme.",
      );
      // Their sessions in their own organization were not ended by Acme's setting.
      expect((await api("/api/v2/tokens", { token: both.accessToken })).status).toBe(200);
    } finally {
      expect((await configure(settings({ required: false, clientSecret: undefined }))).status).toBe(200);
    }
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
    await proveDomain(rogueOwner.accessToken, rogueDomain);
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

describe("issue 32: another organization's provider cannot sign in as, or reach, an account outside it", () => {
  // The review's attack, step by step. R's owner runs a provider of their own (the rogue one here,
  // which signs whatever e-mail address it is given, verified) and claims the victim's domain.
  const victimDomain = `victim-${run}.test`;
  const victimEmail = `victim@${victimDomain}`;
  let victim: TestUser & { secret: string };
  let attacker: TestUser;
  let rogue: Awaited<ReturnType<typeof startRogueProvider>>;

  const codeOf = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
  const attempt = () => browser().go(`${baseUrl()}/sso/start?email=${encodeURIComponent(victimEmail)}`);

  beforeAll(async () => {
    // V: the victim's own organization, a password and an authenticator app.
    const signup = await api("/api/v2/auth/signup", {
      body: { email: victimEmail, password: "victim's password", organization: "Victim Org" },
    });
    expect(signup.status).toBe(201);
    const login = await api("/api/v2/auth/token", { body: { email: victimEmail, password: "victim's password" } });
    const started = await api("/api/v2/account/second-factor/totp", { method: "POST", token: login.body.accessToken });
    const confirmed = await api("/api/v2/account/second-factor/totp/confirm", {
      method: "POST",
      token: login.body.accessToken,
      body: { code: codeOf(started.body.secret) },
    });
    expect(confirmed.status).toBe(200);
    victim = {
      email: victimEmail,
      password: "victim's password",
      userId: signup.body.user.id,
      orgId: signup.body.organization.id,
      accessToken: login.body.accessToken,
      secret: started.body.secret,
    };
    const passwordAlone = await api("/api/v2/auth/token", { body: { email: victimEmail, password: victim.password } });
    expect(passwordAlone.body.error.code).toBe("second_factor_required");

    // R: the attacker's organization, its own provider, and the victim's domain among its own.
    attacker = await createUser({ organization: "Rogue Org" });
    rogue = await startRogueProvider(victimEmail, () => "none");
    const saved = await configure(
      {
        issuer: rogue.issuer,
        clientId: rogue.clientId,
        clientSecret: rogue.clientSecret,
        domains: [`r-${run}.test`, victimDomain],
        newPeople: "member",
        required: false,
      },
      attacker.accessToken,
    );
    expect(saved.status).toBe(200);
  });

  afterAll(() => rogue.close());

  it("stage 1: a domain R declared but did not prove admits no one", async () => {
    expect((await checkDomain(attacker.accessToken, victimDomain)).status).toBe(409);
    const end = await attempt();
    expect(end.url.pathname).toBe("/signin");
    expect(end.url.searchParams.get("sso")).toBe("unknown_domain");
    expect(await testDb().ssoIdentity.count({ where: { userId: victim.userId } })).toBe(0);
  });

  it("stage 2: with the domain proven, R's provider still cannot take over an account outside R", async () => {
    // As if R did control the victim's DNS: the proof is not what stands between R and the victim.
    await proveDomain(attacker.accessToken, victimDomain);
    const b = browser();
    const end = await b.go(`${baseUrl()}/sso/start?email=${encodeURIComponent(victimEmail)}`);
    expect(end.url.pathname).toBe("/signin");
    expect(end.url.searchParams.get("sso")).toBe("existing_account");
    expect(await whoIs(b)).toBeUndefined();
    expect(await testDb().ssoIdentity.count({ where: { userId: victim.userId } })).toBe(0);
    expect(await testDb().membership.count({ where: { userId: victim.userId } })).toBe(1);
    const audit = await api("/api/v2/audit?action=auth.sso_sign_in_refused", { token: attacker.accessToken });
    expect(audit.body.events[0]).toMatchObject({ metadata: { reason: "existing_account" } });
  });

  it("stage 3: a session R's provider opens for one of R's members reaches R only", async () => {
    // The victim joins R of their own accord (an invitation, accepted with their own sign-in).
    const invited = await api("/api/v2/organization/invitations", {
      token: attacker.accessToken,
      body: { email: victimEmail, role: "member" },
    });
    const accepted = await api("/api/v2/invitations/accept", {
      token: victim.accessToken,
      body: { secret: new URL(invited.body.url).pathname.split("/").pop() },
    });
    expect(accepted.status).toBe(200);

    const b = browser();
    const end = await b.go(`${baseUrl()}/sso/start?email=${encodeURIComponent(victimEmail)}`);
    expect(end.url.href).toBe(`${baseUrl()}/`);
    expect(await whoIs(b)).toBe(victimEmail);
    const cookie = cookieOf(b);
    const get = (path: string) => fetch(`${baseUrl()}${path}`, { headers: { cookie } });

    const organizations = await (await get("/api/v2/organizations")).json();
    expect(organizations.organizations).toEqual([
      expect.objectContaining({ id: victim.orgId, role: "owner", current: false, reachable: false }),
      expect.objectContaining({ id: attacker.orgId, role: "member", current: true, reachable: true }),
    ]);
    const switched = await fetch(`${baseUrl()}/api/v2/organizations/current`, {
      method: "PUT",
      headers: { cookie, "content-type": "application/json", origin: baseUrl() },
      body: JSON.stringify({ orgId: victim.orgId }),
    });
    expect(switched.status).toBe(403);
    expect((await switched.json()).error.message).toContain("reaches that organization only");
    // What the session reads is R's, never V's (V's other member stays out of sight).
    const colleague = await createUser();
    await addMember(colleague.userId, victim.orgId, "member");
    const members = await (await get("/api/v2/organization/members")).json();
    expect(members.members.map((m: any) => m.email)).not.toContain(colleague.email);
    expect(members.members.map((m: any) => m.email)).toContain(attacker.email);
    // Even had the victim made R their current organization before, V stays out of reach.
    await testDb().user.update({ where: { id: victim.userId }, data: { currentOrgId: victim.orgId } });
    const still = await (await get("/api/v2/organizations")).json();
    expect(still.organizations.find((o: any) => o.current).id).toBe(attacker.orgId);

    // The victim's own password and second factor still reach V.
    // The next time step's code: the enrolment spent this one's.
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(victim.secret) }).generate({
      timestamp: Date.now() + 30_000,
    });
    const own = await api("/api/v2/auth/token", { body: { email: victimEmail, password: victim.password, code } });
    expect(own.status).toBe(200);
    const theirs = await api("/api/v2/organizations", { token: own.body.accessToken });
    expect(theirs.body.organizations.every((o: any) => o.reachable)).toBe(true);

    const linked = await api("/api/v2/audit?action=auth.sso_identity_linked", { token: attacker.accessToken });
    expect(linked.body.events[0]).toMatchObject({ targetId: victim.userId, metadata: { via: "sign_in" } });
  });
});

describe("invitations and a provider's session", () => {
  it("another organization's invitation is not accepted from a session a provider opened", async () => {
    const newcomer = await ssoSignIn(`newcomer@${domain}`, "newcomer");
    const other = await createUser({ organization: "Elsewhere" });
    const invited = await api("/api/v2/organization/invitations", {
      token: other.accessToken,
      body: { email: `newcomer@${domain}`, role: "member" },
    });
    expect(invited.status).toBe(201);
    const accepted = await fetch(`${baseUrl()}/api/v2/invitations/accept`, {
      method: "POST",
      headers: { cookie: cookieOf(newcomer.b), "content-type": "application/json", origin: baseUrl() },
      body: JSON.stringify({ secret: new URL(invited.body.url).pathname.split("/").pop() }),
    });
    expect(accepted.status).toBe(403);
    expect((await accepted.json()).error.message).toContain("sign in with your own password to accept");
    expect(
      await testDb().membership.count({ where: { orgId: other.orgId, user: { email: `newcomer@${domain}` } } }),
    ).toBe(0);
  });
});

describe("linking an existing account to single sign-on", () => {
  it("is done from a session the person opened with their own password, and then signs them in to that organization only", async () => {
    // Erin has an account and an organization of her own, and an address at Acme's proven domain.
    const erin = await createUser({ organization: "Erin's own" });
    const address = `erin-${run}@${domain}`;
    await testDb().user.update({ where: { id: erin.userId }, data: { email: address } });
    idp.people.erin = { email: address, name: "Erin" };
    const before = await ssoSignIn(address, "erin");
    expect(before.url.searchParams.get("sso")).toBe("existing_account");

    // Signed in with her password, she asks to link: the page goes to the provider.
    const session = await signIn({ ...erin, email: address });
    const b = browser();
    for (const pair of session.cookie.split("; ")) {
      const [name, ...value] = pair.split("=");
      b.cookies(baseUrl()).set(name!, value.join("="));
    }
    const start = await fetch(`${baseUrl()}/api/v2/account/sso-link`, {
      method: "POST",
      headers: { cookie: session.cookie, "content-type": "application/json", origin: baseUrl() },
      body: JSON.stringify({ email: address }),
    });
    expect(start.status).toBe(200);
    const { redirectTo } = await start.json();
    expect(new URL(redirectTo).origin).toBe(new URL(idp.issuer).origin);
    const flight = start.headers.getSetCookie().find((c) => c.startsWith("keyway.sso="))!;
    b.cookies(baseUrl()).set("keyway.sso", flight.split(";")[0]!.slice("keyway.sso=".length));

    const form = await b.go(redirectTo, {}, (url) => url.pathname.startsWith("/interaction/"));
    const html = await (await b.request(form.url.href)).text();
    const action = html.match(/action="([^"]+)"/)![1]!;
    const back = await b.go(new URL(action, idp.issuer).href, { form: { login: "erin", password: "anything" } });
    expect(back.url.href).toBe(`${baseUrl()}/account?linked=sso`);
    expect(await testDb().membership.count({ where: { userId: erin.userId, orgId: owner.orgId } })).toBe(1);
    const audit = await api("/api/v2/audit?action=auth.sso_identity_linked", { token: owner.accessToken });
    expect(audit.body.events).toContainEqual(
      expect.objectContaining({ targetId: erin.userId, metadata: expect.objectContaining({ via: "account" }) }),
    );

    // From now on Acme's provider signs her in, to Acme only.
    const after = await ssoSignIn(address, "erin");
    expect(after.url.href).toBe(`${baseUrl()}/`);
    const orgs = await (
      await fetch(`${baseUrl()}/api/v2/organizations`, { headers: { cookie: cookieOf(after.b) } })
    ).json();
    expect(orgs.organizations).toEqual([
      expect.objectContaining({ id: erin.orgId, reachable: false }),
      expect.objectContaining({ id: owner.orgId, reachable: true, current: true }),
    ]);

    // A session a provider opened cannot link: a provider never extends its own reach.
    const fromSso = await fetch(`${baseUrl()}/api/v2/account/sso-link`, {
      method: "POST",
      headers: { cookie: cookieOf(after.b), "content-type": "application/json", origin: baseUrl() },
      body: JSON.stringify({ email: address }),
    });
    expect(fromSso.status).toBe(403);
    expect((await fromSso.json()).error.message).toContain("own password");
  });

  it("is refused when another browser (no session, or someone else's) completes it", async () => {
    const frank = await createUser();
    const address = `frank-${run}@${domain}`;
    await testDb().user.update({ where: { id: frank.userId }, data: { email: address } });
    idp.people.frank = { email: address };
    const session = await signIn({ ...frank, email: address });
    const start = await fetch(`${baseUrl()}/api/v2/account/sso-link`, {
      method: "POST",
      headers: { cookie: session.cookie, "content-type": "application/json", origin: baseUrl() },
      body: JSON.stringify({ email: address }),
    });
    const { redirectTo } = await start.json();
    const flight = start.headers.getSetCookie().find((c) => c.startsWith("keyway.sso="))!;
    // A browser with the flight's cookie but not Frank's session (a link CSRF): refused.
    const b = browser();
    b.cookies(baseUrl()).set("keyway.sso", flight.split(";")[0]!.slice("keyway.sso=".length));
    const form = await b.go(redirectTo, {}, (url) => url.pathname.startsWith("/interaction/"));
    const html = await (await b.request(form.url.href)).text();
    const action = html.match(/action="([^"]+)"/)![1]!;
    const back = await b.go(
      new URL(action, idp.issuer).href,
      { form: { login: "frank", password: "anything" } },
      (url) => url.pathname === "/account",
    );
    expect(back.url.pathname).toBe("/account");
    expect(back.url.searchParams.get("sso")).toBe("not_linked");
    expect(await testDb().ssoIdentity.count({ where: { userId: frank.userId } })).toBe(0);
    expect(await testDb().membership.count({ where: { userId: frank.userId, orgId: owner.orgId } })).toBe(0);
  });
});
