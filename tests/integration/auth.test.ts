import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { listMembers, updateAccount } from "../../lib/api/operations";
import { api, apiAs, createUser, uniqueEmail } from "../helpers/api";

describe("POST /api/v2/auth/signup", () => {
  it("creates a user and an organization named after the request", async () => {
    const email = uniqueEmail();
    const response = await api("/api/v2/auth/signup", {
      body: { email: email.toUpperCase(), password: "long enough", name: "Ada", organization: "Analytical Engines" },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      user: { id: expect.any(String), email, name: "Ada" },
      organization: { id: expect.any(String), name: "Analytical Engines" },
    });
    expect(JSON.stringify(response.body)).not.toContain("password");
  });

  it("names the organization after the user when none is given", async () => {
    const response = await api("/api/v2/auth/signup", {
      body: { email: uniqueEmail(), password: "long enough", name: "Grace" },
    });
    expect(response.body.organization.name).toBe("Grace's organization");
  });

  it("refuses a taken email with 409, whatever its case", async () => {
    const email = uniqueEmail();
    await api("/api/v2/auth/signup", { body: { email, password: "long enough" } });
    const again = await api("/api/v2/auth/signup", { body: { email: email.toUpperCase(), password: "another one" } });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: { code: "email_taken", message: "An account with this email already exists." },
    });
  });

  it.each([
    [
      "a short password and a bad email",
      { email: "nope", password: "short" },
      {
        code: "validation_error",
        message: "email: must be a valid email address",
        fields: { email: ["must be a valid email address"], password: ["must be at least 8 characters"] },
      },
    ],
    [
      "a missing password",
      { email: "a@b.co" },
      {
        code: "validation_error",
        message: "password: Invalid input: expected string, received undefined",
        fields: { password: ["Invalid input: expected string, received undefined"] },
      },
    ],
    [
      "an unknown field",
      { email: "a@b.co", password: "long enough", role: "admin" },
      { code: "validation_error", message: 'Unrecognized key: "role"', fields: { body: ['Unrecognized key: "role"'] } },
    ],
    [
      "an array body",
      [1, 2],
      {
        code: "validation_error",
        message: "Invalid input: expected object, received array",
        fields: { body: ["Invalid input: expected object, received array"] },
      },
    ],
  ])("answers %s with a 400 naming the fields", async (_case, body, error) => {
    const response = await api("/api/v2/auth/signup", { body });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error });
  });

  it.each([
    ["malformed JSON", '{"email":', 400, { code: "invalid_json", message: "The request body is not valid JSON." }],
    ["an empty body", "", 400, { code: "invalid_json", message: "The request body is empty; send a JSON object." }],
    [
      "an oversize body",
      JSON.stringify({ email: "a@b.co", password: "x".repeat(70_000) }),
      413,
      { code: "payload_too_large", message: "The request body is larger than 65536 bytes." },
    ],
  ])("answers %s precisely", async (_case, rawBody, status, error) => {
    const response = await api("/api/v2/auth/signup", { method: "POST", rawBody });
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error });
  });

  it("refuses a body that is not JSON with 415", async () => {
    const response = await api("/api/v2/auth/signup", {
      rawBody: "email=a",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe("unsupported_media_type");
  });
});

describe("POST /api/v2/auth/token", () => {
  it("issues a one-hour user access token for the API audience", async () => {
    const user = await createUser();
    const response = await api("/api/v2/auth/token", { body: { email: user.email, password: user.password } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ accessToken: expect.any(String), tokenType: "Bearer", expiresIn: 3600 });
    const claims = decodeJwt(response.body.accessToken);
    expect(claims.sub).toBe(user.userId);
    expect(claims.aud).toMatch(/\/api$/);
    expect(claims.typ).toBe("user_access");
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it.each([
    ["a wrong password", (u: { email: string }) => ({ email: u.email, password: "wrong password" })],
    ["an unknown email", () => ({ email: uniqueEmail(), password: "whatever it is" })],
  ])("answers %s with 401 invalid_credentials", async (_case, credentials) => {
    const user = await createUser();
    const response = await api("/api/v2/auth/token", { body: credentials(user) });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      error: { code: "invalid_credentials", message: "The email or password is incorrect." },
    });
  });

  it("refuses an address after 10 failed attempts on an account in 15 minutes, even with the right password", async () => {
    const user = await createUser();
    for (let i = 0; i < 10; i++) {
      const failed = await api("/api/v2/auth/token", { body: { email: user.email, password: `wrong ${i}` } });
      expect(failed.status).toBe(401);
    }
    for (const password of ["wrong again", user.password]) {
      const refused = await api("/api/v2/auth/token", { body: { email: user.email, password } });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe("rate_limited");
      expect(refused.body.error.message).toMatch(
        /^Too many failed sign-in attempts for this account from your address; try again in \d+ s\.$/,
      );
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(800);
    }
    // Other accounts are not affected.
    const other = await createUser();
    expect((await api("/api/v2/auth/token", { body: { email: other.email, password: other.password } })).status).toBe(
      200,
    );
  });

  it("clears the failure count on a successful sign-in", async () => {
    const user = await createUser();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++) await api("/api/v2/auth/token", { body: { email: user.email, password: "wrong" } });
      expect((await api("/api/v2/auth/token", { body: { email: user.email, password: user.password } })).status).toBe(
        200,
      );
    }
  });

  it("answers missing fields with 400", async () => {
    const response = await api("/api/v2/auth/token", { body: { email: "a@b.co" } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_error");
  });
});

describe("PATCH /api/v2/account", () => {
  it("changes the caller's own name, which their organization's member list shows", async () => {
    const user = await createUser();
    const renamed = await apiAs(user)(updateAccount, { body: { name: "  Grace Hopper " } });
    expect(renamed.ok && renamed.data).toEqual({ id: user.userId, email: user.email, name: "Grace Hopper" });
    const members = await apiAs(user)(listMembers);
    expect(members.ok && members.data.members.map((member) => member.name)).toEqual(["Grace Hopper"]);
    // Emptied: no name (the e-mail address stands for it); too long or anything else: refused, unchanged.
    const cleared = await apiAs(user)(updateAccount, { body: { name: "" } });
    expect(cleared.ok && cleared.data.name).toBeNull();
    expect(await apiAs(user)(updateAccount, { body: { name: "x".repeat(101) } })).toMatchObject({ status: 400 });
    expect(
      (await api("/api/v2/account", { method: "PATCH", token: user.accessToken, body: { email: "a@b.c" } })).status,
    ).toBe(400);
    expect((await api("/api/v2/account", { method: "PATCH", body: { name: "Anyone" } })).status).toBe(401);
  });
});
