import { describe, expect, it } from "vitest";
import { bearerChallenge, dpopChallenge, parseBearer } from "@/lib/api/bearer";

describe("parseBearer", () => {
  it.each([
    [null, { kind: "missing" }],
    ["", { kind: "missing" }],
    ["Bearer abc.def-ghi_jkl", { kind: "token", token: "abc.def-ghi_jkl", scheme: "Bearer" }],
    ["bearer   abc==", { kind: "token", token: "abc==", scheme: "Bearer" }],
    // Only where a token may be bound to a key (RFC 9449) is DPoP a scheme.
    ["DPoP abc", { kind: "malformed", reason: "Authorization scheme must be Bearer" }],
    ["Basic abc", { kind: "malformed", reason: "Authorization scheme must be Bearer" }],
    ["Bearer a b", { kind: "malformed", reason: "Authorization must carry exactly one bearer token" }],
    ["Bearer a=b", { kind: "malformed", reason: "Bearer token has invalid characters" }],
    // Two Authorization headers, as the server hands them on joined (scripts/serve.ts).
    ["Bearer abc, Bearer def", { kind: "malformed", reason: "Send one Authorization header with one credential" }],
  ] as const)("parses %j", (header, expected) => {
    expect(parseBearer(header)).toEqual(expected);
  });

  it("takes the DPoP scheme for API tokens", () => {
    expect(parseBearer("dpop abc", { dpop: true })).toEqual({ kind: "token", token: "abc", scheme: "DPoP" });
    expect(parseBearer("Basic abc", { dpop: true })).toEqual({
      kind: "malformed",
      reason: "Authorization scheme must be Bearer or DPoP",
    });
  });
});

describe("dpopChallenge", () => {
  it("names the algorithms, then the error", () => {
    expect(dpopChallenge({ algs: ["ES256", "EdDSA"], error: "invalid_dpop_proof", description: "old" })).toBe(
      'DPoP algs="ES256 EdDSA", error="invalid_dpop_proof", error_description="old"',
    );
  });
});

describe("bearerChallenge", () => {
  it("omits error attributes when none are given and escapes quotes", () => {
    expect(bearerChallenge({})).toBe('Bearer realm="keyway"');
    expect(bearerChallenge({ error: "invalid_token", description: 'bad "x"', scope: "read:tasks" })).toBe(
      'Bearer realm="keyway", error="invalid_token", error_description="bad \\"x\\"", scope="read:tasks"',
    );
  });
});
