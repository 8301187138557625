import {
  ssoSettingsSchema,
  ssoViewSchema,
  secondFactorRequirementSchema,
  setSecondFactorRequirementSchema,
} from "../../auth/schemas";
import { defineOperation } from "./define";

// Single sign-on and the second-factor requirement.

export const getSso = defineOperation("get /organization/sso", {
  summary: "The organization's single sign-on (OpenID Connect) and the redirect URI to register (owners and admins)",
  access: { role: "admin", to: "read the single sign-on settings" },
  ok: [200, ssoViewSchema],
});

export const setSso = defineOperation("put /organization/sso", {
  summary:
    "Set up single sign-on through the organization's identity provider (owners); the provider must answer discovery",
  access: { role: "owner", to: "set up single sign-on" },
  body: ssoSettingsSchema,
  ok: [200, ssoViewSchema],
  errors: [409],
});

export const removeSso = defineOperation("delete /organization/sso", {
  summary: "Remove single sign-on (owners); members sign in with a password again",
  access: { role: "owner", to: "set up single sign-on" },
  ok: [200, ssoViewSchema],
});

export const proveSsoDomain = defineOperation("post /organization/sso/domains/{domain}/verify", {
  summary:
    "Prove the organization controls a domain by the DNS TXT record its settings give (owners); until proven it admits no one",
  access: { role: "owner", to: "set up single sign-on" },
  ok: [200, ssoViewSchema],
  errors: [409, 503],
});

export const getSecondFactorRequirement = defineOperation("get /organization/second-factor", {
  summary: "Whether members must sign in with a second factor, and who has one (owners and admins)",
  access: { role: "admin", to: "read the second-factor requirement" },
  ok: [200, secondFactorRequirementSchema],
});

export const setSecondFactorRequirement = defineOperation("put /organization/second-factor", {
  summary: "Require a second factor of every member (owners)",
  access: { role: "owner", to: "require a second factor" },
  body: setSecondFactorRequirementSchema,
  ok: [200, secondFactorRequirementSchema],
  errors: [409],
});

export const resetSecondFactor = defineOperation("post /organization/members/{userId}/second-factor/reset", {
  summary:
    "Remove a member's lost second factor (owners), when this organization is their only one; their sessions end and they set up a new one",
  access: { role: "owner", to: "reset a member's second factor" },
  ok: [200, secondFactorRequirementSchema],
  errors: [409],
});
