import { describe, expect, it } from "vitest";
import { reaches } from "@/lib/auth/accounts";
import { isPublicMailDomain } from "@/lib/auth/public-mail-domains";

// Issue 32: which organizations a sign-in reaches, and which domains no organization may claim.

const membership = (orgId: string, role: string, ssoRequired: boolean | null) => ({
  orgId,
  role,
  org: { sso: ssoRequired === null ? null : { required: ssoRequired } },
});

describe("reaches", () => {
  it("a session an organization's provider opened reaches that organization only", () => {
    expect(reaches(membership("r", "member", false), "r")).toBe(true);
    expect(reaches(membership("v", "owner", null), "r")).toBe(false);
    expect(reaches(membership("v", "owner", true), "r")).toBe(false);
  });

  it("a password reaches every organization but those requiring single sign-on of a non-owner", () => {
    expect(reaches(membership("v", "owner", null), null)).toBe(true);
    expect(reaches(membership("v", "member", false), null)).toBe(true);
    expect(reaches(membership("r", "member", true), null)).toBe(false);
    expect(reaches(membership("r", "admin", true), null)).toBe(false);
    expect(reaches(membership("r", "owner", true), null)).toBe(true);
  });
});

describe("isPublicMailDomain", () => {
  it("knows the big public mail domains, in any case, and not a company's", () => {
    for (const domain of ["gmail.com", "GMAIL.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com"]) {
      expect(isPublicMailDomain(domain)).toBe(true);
    }
    expect(isPublicMailDomain("acme.test")).toBe(false);
  });
});
