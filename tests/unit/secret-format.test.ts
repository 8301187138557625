import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findSecrets, KEYWAY_JWT_PREFIX, newSecret, SECRET_PATTERN_SOURCE } from "../../lib/auth/secret-format";

describe("the secret pattern", () => {
  it("is the one the README gives to GitHub, gitleaks and trufflehog", () => {
    expect(readFileSync("README.md", "utf8")).toContain(`\`\`\`text\n${SECRET_PATTERN_SOURCE}\n\`\`\``);
    // RE2 (GitHub, gitleaks) has no lookaround or backreferences.
    expect(SECRET_PATTERN_SOURCE).not.toMatch(/\(\?[=!<]|\\\d/);
  });

  it("finds each kind of opaque secret, whole, and not its look-alikes", () => {
    const kinds = ["refresh", "serviceClient", "enterpriseClient", "invitation"] as const;
    const secrets = kinds.map((kind) => newSecret(kind));
    expect(secrets.map((secret) => secret.split("_")[0])).toEqual(["kwr", "kwcs", "kwes", "kwi"]);
    expect(findSecrets(`a ${secrets.join(", b ")}.`)).toEqual(secrets);
    expect(findSecrets("kwc_abcdefghijklmnopqrstuv kwe_abcdefghijklmnop kwr_short")).toEqual([]);
  });

  it("knows Keyway's JWTs by their fixed header", () => {
    expect(KEYWAY_JWT_PREFIX).toBe("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImtleXdheSJ9");
    expect(JSON.parse(Buffer.from(KEYWAY_JWT_PREFIX, "base64url").toString())).toEqual({
      alg: "HS256",
      typ: "JWT",
      kid: "keyway",
    });
  });
});
