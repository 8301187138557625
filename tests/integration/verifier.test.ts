import { createHmac } from "node:crypto";
import { base64url } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, type TestUser } from "../helpers/api";
import { resign, signWith, tamperedToken, unsignedToken } from "../helpers/forge";
import { testDb } from "../helpers/db";
import { createApiToken } from "../helpers/tokens";

// The verifier's table of bad tokens, through POST /api/v2/tokens/validate (spec steps 1-3).
// The /mcp suite runs the same verifier with steps 4-6 added.
let user: TestUser;
let good: { id: string; token: string };

beforeAll(async () => {
  user = await createUser();
  good = await createApiToken(user, { scopes: ["execute:mcp", "write:tasks"] });
});

function validate(authorization?: string) {
  return api("/api/v2/tokens/validate", {
    method: "POST",
    headers: authorization === undefined ? {} : { authorization },
  });
}

describe("POST /api/v2/tokens/validate", () => {
  it("accepts a good token and reports its scopes and permissions", async () => {
    const response = await validate(`Bearer ${good.token}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      valid: true,
      tokenId: good.id,
      userId: user.userId,
      orgId: user.orgId,
      scopes: ["execute:mcp", "write:tasks"],
      permissions: ["mcp:access", "mcp:read", "mcp:write", "mcp:execute"],
      expiresAt: expect.any(String),
      resource: `${baseUrl()}/mcp`,
    });
  });

  it("accepts the scheme in any case", async () => {
    expect((await validate(`bEaReR ${good.token}`)).status).toBe(200);
  });

  it("asks for credentials with a challenge that has no error attribute", async () => {
    const response = await validate();
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(
      /^Bearer realm="keyway", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"$/,
    );
    expect(response.body).toEqual({
      error: { code: "unauthorized", message: "Authentication required: send Authorization: Bearer <token>." },
    });
  });

  it.each([
    // An API token may be bound to a key (RFC 9449): DPoP is its other scheme.
    ["a wrong scheme", () => `Basic ${good.token}`, "Authorization scheme must be Bearer or DPoP"],
    [
      "two credentials",
      () => `Bearer ${good.token} ${good.token}`,
      "Authorization must carry exactly one bearer token",
    ],
    ["a scheme without a token", () => "Bearer", "Authorization must carry exactly one bearer token"],
    ["invalid characters", () => "Bearer ab{cd}", "Bearer token has invalid characters"],
  ])("answers %s with 400 invalid_request", async (_case, header, message) => {
    const response = await validate(header());
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: "invalid_request", message } });
    expect(response.headers.get("www-authenticate")).toContain(
      `error="invalid_request", error_description="${message}"`,
    );
  });

  const otherKey = new TextEncoder().encode("another-secret-key-that-is-at-least-32-bytes");
  const cases: [string, () => Promise<string> | string, string][] = [
    ["garbage", () => "not-a-jwt", "Invalid token: malformed token"],
    ["a truncated signature", () => good.token.slice(0, -4), "Invalid token: signature verification failed"],
    ["alg none", () => unsignedToken(good.token), "Invalid token: algorithm not allowed"],
    ["another key", () => resign(good.token, {}, otherKey), "Invalid token: signature verification failed"],
    [
      "another audience",
      () => resign(good.token, { aud: "http://elsewhere/mcp" }),
      "Invalid token: aud claim check failed (check_failed)",
    ],
    [
      "another issuer",
      () => resign(good.token, { iss: "http://evil.example" }),
      "Invalid token: iss claim check failed (check_failed)",
    ],
    ["an expired token", () => resign(good.token, { exp: Math.floor(Date.now() / 1000) - 120 }), "Token has expired"],
    [
      "a tampered payload with the original signature",
      () => tamperedToken(good.token, { scopes: ["write:agents"] }),
      "Invalid token: signature verification failed",
    ],
    [
      "an unknown jti",
      () => resign(good.token, { jti: "00000000-0000-0000-0000-000000000000" }),
      "Token not found in database",
    ],
    [
      "a re-signed token whose hash is not stored",
      () => resign(good.token, { scopes: ["write:agents"] }),
      "Invalid token",
    ],
    ["no jti", () => resign(good.token, { jti: undefined }), "Invalid token: missing jti, sub or org claim"],
    [
      "algorithm confusion (HS512 with the same key)",
      () => signWith({ sub: "x", iat: 1, exp: 9_999_999_999 }, { alg: "HS512" }),
      "Invalid token: algorithm not allowed",
    ],
    ["a user access token", () => user.accessToken, "Invalid token: aud claim check failed (check_failed)"],
  ];

  it.each(cases)("answers %s with 401 invalid_token", async (_case, make, message) => {
    const response = await validate(`Bearer ${await make()}`);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { code: "invalid_token", message } });
    const challenge = response.headers.get("www-authenticate");
    expect(challenge).toContain(`error="invalid_token", error_description="${message}"`);
    expect(challenge).toContain("resource_metadata=");
  });

  it("accepts a token expired less than the 60 s clock tolerance ago only if the store agrees", async () => {
    // Inside the tolerance the JWS passes, but the store's expiry is the final word.
    const response = await validate(`Bearer ${await resign(good.token, { exp: Math.floor(Date.now() / 1000) - 30 })}`);
    expect(response.status).toBe(401);
    expect(response.body.error.message).toBe("Invalid token");
  });

  it("refuses revoked and rotated-away tokens on the very next request", async () => {
    const revoked = await createApiToken(user);
    expect((await validate(`Bearer ${revoked.token}`)).status).toBe(200);
    await api(`/api/v2/tokens/${revoked.id}`, { method: "DELETE", token: user.accessToken });
    expect((await validate(`Bearer ${revoked.token}`)).body).toEqual({
      error: { code: "invalid_token", message: "Token has been revoked" },
    });

    const rotated = await createApiToken(user);
    const successor = await api(`/api/v2/tokens/${rotated.id}/rotate`, { method: "POST", token: user.accessToken });
    expect((await validate(`Bearer ${rotated.token}`)).body).toEqual({
      error: { code: "invalid_token", message: "Token has been revoked" },
    });
    expect((await validate(`Bearer ${successor.body.token}`)).status).toBe(200);
  });

  it("sees changes another process commits to the store on the very next request", async () => {
    // The server keeps a token's row while the database is unchanged; these writes come from this
    // test process, not through the server, so only the store itself can tell the server about them.
    const token = await createApiToken(user, { scopes: ["execute:mcp", "write:tasks"] });
    const authorization = `Bearer ${token.token}`;
    expect((await validate(authorization)).body.scopes).toEqual(["execute:mcp", "write:tasks"]);

    await testDb().apiToken.update({ where: { id: token.id }, data: { scopes: "execute:mcp read:tasks" } });
    expect((await validate(authorization)).body.scopes).toEqual(["execute:mcp", "read:tasks"]);

    await testDb().user.update({ where: { id: user.userId }, data: { mcpAdmin: true } });
    expect((await validate(authorization)).body.permissions).toContain("mcp:admin");
    await testDb().user.update({ where: { id: user.userId }, data: { mcpAdmin: false } });
    expect((await validate(authorization)).body.permissions).not.toContain("mcp:admin");

    await testDb().apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    expect((await validate(authorization)).body).toEqual({
      error: { code: "invalid_token", message: "Token has been revoked" },
    });
  });

  it("refuses an oversize Authorization header", async () => {
    const response = await validate(`Bearer ${"a".repeat(9000)}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ code: "invalid_request", message: "Authorization header is too long" });
  });

  it("is not fooled by an HMAC over a JSON-serialised key (key confusion)", async () => {
    const [header, payload] = good.token.split(".");
    const forged = createHmac("sha256", "null").update(`${header}.${payload}`).digest();
    const response = await validate(`Bearer ${header}.${payload}.${base64url.encode(forged)}`);
    expect(response.body.error.message).toBe("Invalid token: signature verification failed");
  });
});
