import * as OTPAuth from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, type TestUser } from "../helpers/api";
import { addMember, testDb } from "../helpers/db";
import { rawMcp, toolCall } from "../helpers/mcp";
import { exchange, obtainCode, register } from "../helpers/oauth";
import { createApiToken } from "../helpers/tokens";

// Issue 25, item 2 (authenticator app and recovery codes): enrolment, sign-in with a code through
// the page's endpoint and the API, a wrong and a replayed code, recovery codes used once, an
// organization requiring a second factor, and an owner's reset of a lost one, audited.

let owner: TestUser;

const codeAt = (secret: string, offsetSeconds = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSeconds * 1000,
  });

const accessToken = (user: TestUser, code?: string) =>
  api("/api/v2/auth/token", { body: { email: user.email, password: user.password, ...(code && { code }) } });

/** Sets up an authenticator app for the user; its secret and recovery codes. */
async function enrol(user: TestUser) {
  const started = await api("/api/v2/account/second-factor/totp", { method: "POST", token: user.accessToken });
  expect(started.status).toBe(200);
  expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/Keyway:/);
  const { secret } = started.body;
  const confirmed = await api("/api/v2/account/second-factor/totp/confirm", {
    method: "POST",
    token: user.accessToken,
    body: { code: codeAt(secret) },
  });
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

/** The page's sign-in (next-auth's credentials endpoint), with a code; whether a session cookie came back. */
async function pageSignIn(user: TestUser, code?: string) {
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({
      csrfToken,
      email: user.email,
      password: user.password,
      code: code ?? "",
      json: "true",
    }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  const { url } = (await response.json()) as { url: string };
  return {
    signedIn: Boolean(session),
    error: new URL(url).searchParams.get("error"),
    cookie: session ? `${cookie}; ${session.split(";")[0]}` : null,
  };
}

beforeAll(async () => {
  owner = await createUser({ organization: "Careful Keys" });
});

describe("two-factor sign-in", () => {
  it("is set up with a first code, then asked for at every sign-in, page and API; a code works once", async () => {
    const user = await createUser();
    const started = await api("/api/v2/account/second-factor/totp", { method: "POST", token: user.accessToken });
    const wrong = await api("/api/v2/account/second-factor/totp/confirm", {
      method: "POST",
      token: user.accessToken,
      body: { code: "000000" === codeAt(started.body.secret) ? "111111" : "000000" },
    });
    expect(wrong.status).toBe(400);
    expect((await api("/api/v2/account/second-factor", { token: user.accessToken })).body.totp).toBe("pending");
    // Unconfirmed, it is not asked for.
    expect((await accessToken(user)).status).toBe(200);

    const confirmed = await api("/api/v2/account/second-factor/totp/confirm", {
      method: "POST",
      token: user.accessToken,
      body: { code: codeAt(started.body.secret) },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    const { secret } = started.body;

    const missing = await accessToken(user);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("second_factor_required");
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const wrongCode = codeAt(secret) === "123456" ? "654321" : "123456";
    expect((await accessToken(user, wrongCode)).body.error.code).toBe("invalid_credentials");

    // The code of the next time step (clock drift is allowed one step), then the same code again.
    const code = codeAt(secret, 30);
    expect((await accessToken(user, code)).status).toBe(200);
    const replayed = await accessToken(user, code);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe("invalid_credentials");

    // The page's sign-in asks for the code the same way, and takes a recovery code.
    expect(await pageSignIn(user)).toMatchObject({ signedIn: false });
    expect((await pageSignIn(user)).error).toContain("A second factor is required");
    const [recovery] = confirmed.body.recoveryCodes as string[];
    expect(await pageSignIn(user, recovery)).toMatchObject({ signedIn: true });
    expect(await pageSignIn(user, recovery)).toMatchObject({ signedIn: false });
    const status = await api("/api/v2/account/second-factor", { token: user.accessToken });
    expect(status.body).toMatchObject({ totp: "on", recoveryCodesLeft: 9 });
  });

  it("removing the last second factor takes a code and takes the recovery codes along; sign-in needs the password alone again", async () => {
    const user = await createUser();
    const { secret, recoveryCodes } = await enrol(user);
    const wrong = await api("/api/v2/account/second-factor/totp", {
      method: "DELETE",
      token: user.accessToken,
      body: { code: "not-a-code" },
    });
    expect(wrong.status).toBe(400);
    const removed = await api("/api/v2/account/second-factor/totp", {
      method: "DELETE",
      token: user.accessToken,
      // The current step's code confirmed the authenticator (a code works once): the next step's.
      body: { code: codeAt(secret, 30) },
    });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ totp: "off", passkeys: [], recoveryCodesLeft: 0 });
    expect((await accessToken(user)).status).toBe(200);
    // The recovery codes went with it: none signs in once a factor is set up again.
    const again = await enrol(user);
    expect((await accessToken(user, recoveryCodes[0])).status).toBe(401);
    expect((await accessToken(user, again.recoveryCodes[0])).status).toBe(200);
  });

  it("an organization may require one: until then a member reaches only what sets it up, page and API", async () => {
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    const required = await api("/api/v2/organization/second-factor", {
      method: "PUT",
      token: owner.accessToken,
      body: { required: true },
    });
    // The owner has none yet: requiring one would shut them out too.
    expect(required.status).toBe(409);
    await enrol(owner);
    const set = await api("/api/v2/organization/second-factor", {
      method: "PUT",
      token: owner.accessToken,
      body: { required: true },
    });
    expect(set.status).toBe(200);
    expect(set.body.members).toContainEqual(expect.objectContaining({ email: member.email, secondFactor: false }));

    const refused = await api("/api/v2/tokens", { token: member.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("requires a second factor");
    // Signing in gives a token that can only set one up.
    const token = (await accessToken(member)).body.accessToken;
    expect((await api("/api/v2/tokens", { token })).status).toBe(403);
    expect((await api("/api/v2/account/second-factor", { token })).body).toMatchObject({ required: true, totp: "off" });
    // Pages send them to their Account page, which is open to them.
    const session = await pageSignIn(member);
    expect(session.signedIn).toBe(true);
    const page = await fetch(`${baseUrl()}/tokens`, { redirect: "manual", headers: { cookie: session.cookie! } });
    expect(page.status).toBeGreaterThanOrEqual(300);
    expect(new URL(page.headers.get("location")!, baseUrl()).pathname).toBe("/account");
    const account = await fetch(`${baseUrl()}/account`, { redirect: "manual", headers: { cookie: session.cookie! } });
    expect(account.status).toBe(200);

    const { recoveryCodes } = await enrol({ ...member, accessToken: token });
    expect((await api("/api/v2/tokens", { token })).status).toBe(200);
    // Required: it cannot be removed.
    const removal = await api("/api/v2/account/second-factor/totp", {
      method: "DELETE",
      token,
      body: { code: recoveryCodes[0] },
    });
    expect(removal.status).toBe(403);

    // Lost: the owner resets it; the member's sessions end, and they set up a new one.
    const reset = await api(`/api/v2/organization/members/${member.userId}/second-factor/reset`, {
      method: "POST",
      token: owner.accessToken,
    });
    expect(reset.status).toBe(200);
    const audit = await api("/api/v2/audit?action=auth.second_factor_reset", { token: owner.accessToken });
    expect(audit.body.events).toContainEqual(
      expect.objectContaining({ actorUserId: owner.userId, targetId: member.userId }),
    );
    expect((await api("/api/v2/account/second-factor", { token })).status).toBe(401);
    const fresh = await accessToken(member);
    expect(fresh.status).toBe(200);
    expect((await api("/api/v2/tokens", { token: fresh.body.accessToken })).status).toBe(403);

    const off = await api("/api/v2/organization/second-factor", {
      method: "PUT",
      token: owner.accessToken,
      body: { required: false },
    });
    expect(off.status).toBe(200);
  });
});

describe("a required second factor holds for every credential (issue 32)", () => {
  it("refuses a member's tokens and connected apps there until they set one up; their other organizations and service accounts are outside it", async () => {
    const lead = await createUser({ organization: "Strict Co" });
    await enrol(lead);
    // A member of Strict Co who also runs an organization of their own (their oldest, where they act first).
    const member = await createUser({ organization: "Member's own" });
    await testDb().membership.create({ data: { userId: member.userId, orgId: lead.orgId, role: "member" } });
    const elsewhere = await createApiToken(member);
    const moved = await api("/api/v2/organizations/current", {
      method: "PUT",
      token: member.accessToken,
      body: { orgId: lead.orgId },
    });
    expect(moved.status).toBe(200);
    // Made before the requirement: a pasted token and a connected app (OAuth), both in Strict Co.
    const pasted = await createApiToken(member);
    expect(pasted.orgId).toBe(lead.orgId);
    const session = await pageSignIn(member);
    const client = (await register()).body.client_id as string;
    const { code, verifier } = await obtainCode(session.cookie!, client);
    const app = (await exchange(client, code, verifier)).body.access_token as string;
    const robot = await api("/api/v2/service-accounts", {
      method: "POST",
      token: lead.accessToken,
      body: { name: "ci" },
    });
    const robotToken = await api(`/api/v2/service-accounts/${robot.body.id}/tokens`, {
      method: "POST",
      token: lead.accessToken,
      body: { name: "ci", scopes: ["execute:mcp"] },
    });
    expect(robotToken.status).toBe(201);

    const whoami = (token: string) => rawMcp(toolCall("whoami"), { token });
    const validate = (token: string) => api("/api/v2/tokens/validate", { method: "POST", token });
    for (const token of [pasted.token, app, elsewhere.token, robotToken.body.token]) {
      expect((await whoami(token)).status).toBe(200);
    }

    const require = (required: boolean) =>
      api("/api/v2/organization/second-factor", { method: "PUT", token: lead.accessToken, body: { required } });
    expect((await require(true)).status).toBe(200);
    const message = `Your organization requires a second factor and you have none: set one up on your Account page (${baseUrl()}/account); this token works again once you have.`;
    for (const token of [pasted.token, app]) {
      const refused = await whoami(token);
      expect(refused.status).toBe(403);
      expect(refused.json.error.message).toBe(message);
      const checked = await validate(token);
      expect(checked.status).toBe(403);
      expect(checked.body.error.message).toBe(message);
    }
    // Their own organization does not require one; a service account is no person.
    expect((await whoami(elsewhere.token)).status).toBe(200);
    expect((await whoami(robotToken.body.token)).status).toBe(200);

    // Acting in Strict Co, the member's management calls and pages wait for a factor; in their own
    // organization nothing does: Strict Co's requirement is Strict Co's.
    expect((await api("/api/v2/tokens", { token: member.accessToken })).status).toBe(403);
    const act = (orgId: string) =>
      api("/api/v2/organizations/current", { method: "PUT", token: member.accessToken, body: { orgId } });
    expect((await act(member.orgId)).status).toBe(200);
    expect((await api("/api/v2/tokens", { token: member.accessToken })).status).toBe(200);
    const page = await fetch(`${baseUrl()}/tokens`, { redirect: "manual", headers: { cookie: session.cookie! } });
    expect(page.status).toBe(200);
    expect((await act(lead.orgId)).status).toBe(200);
    const held = await fetch(`${baseUrl()}/tokens`, { redirect: "manual", headers: { cookie: session.cookie! } });
    expect(new URL(held.headers.get("location")!, baseUrl()).pathname).toBe("/account");

    // Set up: the same credentials work again at their next request.
    const { recoveryCodes } = await enrol(member);
    expect(recoveryCodes).toHaveLength(10);
    expect((await whoami(pasted.token)).status).toBe(200);
    expect((await whoami(app)).status).toBe(200);

    // Strict Co's owner cannot take away the factor that also guards the member's own organization.
    const reset = await api(`/api/v2/organization/members/${member.userId}/second-factor/reset`, {
      method: "POST",
      token: lead.accessToken,
    });
    expect(reset.status).toBe(409);
    expect(reset.body.error.message).toContain("belongs to other organizations too");
    expect((await api("/api/v2/account/second-factor", { token: member.accessToken })).body.totp).toBe("on");

    // Someone whose only organization it is: reset, their tokens are refused again until a new one.
    const solo = await createUser();
    await addMember(solo.userId, lead.orgId, "member");
    await enrol(solo);
    const soloToken = await createApiToken(solo);
    expect((await whoami(soloToken.token)).status).toBe(200);
    const soloReset = await api(`/api/v2/organization/members/${solo.userId}/second-factor/reset`, {
      method: "POST",
      token: lead.accessToken,
    });
    expect(soloReset.status).toBe(200);
    expect((await whoami(soloToken.token)).status).toBe(403);

    // The requirement lifted: they work without one.
    expect((await require(false)).status).toBe(200);
    expect((await whoami(soloToken.token)).status).toBe(200);
  });
});
