import { describe, expect, it } from "vitest";
import { bearerChallenge, parseBearer } from "@/lib/api/bearer";

describe("parseBearer", () => {
  it.each([
    [null, { kind: "missing" }],
    ["", { kind: "missing" }],
    ["Bearer abc.def-ghi_jkl", { kind: "token", token: "abc.def-ghi_jkl" }],
    ["bearer   abc==", { kind: "token", token: "abc==" }],
    ["Basic abc", { kind: "malformed", reason: "Authorization scheme must be Bearer" }],
    ["Bearer a b", { kind: "malformed", reason: "Authorization must carry exactly one bearer token" }],
    ["Bearer a=b", { kind: "malformed", reason: "Bearer token has invalid characters" }],
    // Two Authorization headers, as the server hands them on joined (scripts/serve.ts).
    ["Bearer abc, Bearer def", { kind: "malformed", reason: "Send one Authorization header with one credential" }],
  ] as const)("parses %j", (header, expected) => {
    expect(parseBearer(header)).toEqual(expected);
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
