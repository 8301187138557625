import {
  ssoSettingsSchema,
  ssoViewSchema,
  secondFactorRequirementSchema,
  setSecondFactorRequirementSchema,
} from "../../auth/schemas";
import { defineOperation } from "./define";

// Single sign-on and the second-factor requirement.

export const getSso = defineOperation({
  method: "get",
  path: "/organization/sso",
  summary: "The organization's single sign-on (OpenID Connect) and the redirect URI to register (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "read the single sign-on settings" },
  ok: [200, ssoViewSchema],
  errors: [401, 403],
});

export const setSso = defineOperation({
  method: "put",
  path: "/organization/sso",
  summary:
    "Set up single sign-on through the organization's identity provider (owners); the provider must answer discovery",
  auth: "user",
  access: { role: "owner", to: "set up single sign-on" },
  body: ssoSettingsSchema,
  ok: [200, ssoViewSchema],
  errors: [400, 401, 403, 409],
});

export const removeSso = defineOperation({
  method: "delete",
  path: "/organization/sso",
  summary: "Remove single sign-on (owners); members sign in with a password again",
  auth: "user",
  access: { role: "owner", to: "set up single sign-on" },
  ok: [200, ssoViewSchema],
  errors: [401, 403],
});

export const proveSsoDomain = defineOperation({
  method: "post",
  path: "/organization/sso/domains/{domain}/verify",
  summary:
    "Prove the organization controls a domain by the DNS TXT record its settings give (owners); until proven it admits no one",
  auth: "user",
  access: { role: "owner", to: "set up single sign-on" },
  ok: [200, ssoViewSchema],
  errors: [401, 403, 404, 409, 503],
});

export const getSecondFactorRequirement = defineOperation({
  method: "get",
  path: "/organization/second-factor",
  summary: "Whether members must sign in with a second factor, and who has one (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "read the second-factor requirement" },
  ok: [200, secondFactorRequirementSchema],
  errors: [401, 403],
});

export const setSecondFactorRequirement = defineOperation({
  method: "put",
  path: "/organization/second-factor",
  summary: "Require a second factor of every member (owners)",
  auth: "user",
  access: { role: "owner", to: "require a second factor" },
  body: setSecondFactorRequirementSchema,
  ok: [200, secondFactorRequirementSchema],
  errors: [400, 401, 403, 409],
});

export const resetSecondFactor = defineOperation({
  method: "post",
  path: "/organization/members/{userId}/second-factor/reset",
  summary:
    "Remove a member's lost second factor (owners), when this organization is their only one; their sessions end and they set up a new one",
  auth: "user",
  access: { role: "owner", to: "reset a member's second factor" },
  ok: [200, secondFactorRequirementSchema],
  errors: [401, 403, 404, 409],
});
