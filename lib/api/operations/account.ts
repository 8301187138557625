import {
  accessTokenResponseSchema,
  changePasswordSchema,
  credentialsSchema,
  signupResponseSchema,
  signupSchema,
  ssoLinkSchema,
  ssoLinkStartSchema,
  recoveryCodesSchema,
  secondFactorCodeSchema,
  secondFactorStatusSchema,
  totpEnrolmentSchema,
  addPasskeySchema,
  passkeyOptionsSchema,
} from "../../auth/schemas";
import { defineOperation } from "./define";

// Sign-up, sign-in tokens, the password and the signed-in person's own second factor and SSO link.

export const signUp = defineOperation({
  method: "post",
  path: "/auth/signup",
  summary: "Create an account and its organization",
  auth: "none",
  body: signupSchema,
  ok: [201, signupResponseSchema],
  errors: [400, 409, 413],
});

export const issueAccessToken = defineOperation({
  method: "post",
  path: "/auth/token",
  summary: "Get a one-hour user access token",
  auth: "none",
  body: credentialsSchema,
  ok: [200, accessTokenResponseSchema],
  errors: [400, 401, 429],
});

export const changePassword = defineOperation({
  method: "post",
  path: "/auth/password",
  auth: "user",
  access: { role: "member" },
  summary: "Change the password; every session and user access token ends",
  body: changePasswordSchema,
  ok: [204],
  errors: [400, 401, 429],
});

export const linkSso = defineOperation({
  method: "post",
  path: "/account/sso-link",
  summary:
    "Link your account to the single sign-on of your work address's organization: from a session opened with your own password, the browser goes to redirectTo",
  auth: "user",
  access: { role: "member" },
  body: ssoLinkSchema,
  ok: [200, ssoLinkStartSchema],
  errors: [400, 401, 403, 404],
});

export const getSecondFactor = defineOperation({
  method: "get",
  path: "/account/second-factor",
  summary: "The user's second factor: authenticator app, recovery codes left, and whether one is required",
  auth: "user",
  access: { role: "member" },
  enrolling: true,
  ok: [200, secondFactorStatusSchema],
  errors: [401],
});

export const startTotp = defineOperation({
  method: "post",
  path: "/account/second-factor/totp",
  summary: "Start setting up an authenticator app: a new secret, counted once a first code confirms it",
  auth: "user",
  access: { role: "member" },
  enrolling: true,
  ok: [200, totpEnrolmentSchema],
  errors: [401, 409],
});

export const confirmTotp = defineOperation({
  method: "post",
  path: "/account/second-factor/totp/confirm",
  summary: "Confirm the authenticator app with its current code; the recovery codes are in this response only",
  auth: "user",
  access: { role: "member" },
  enrolling: true,
  body: secondFactorCodeSchema,
  ok: [200, recoveryCodesSchema],
  errors: [400, 401, 409],
});

export const removeTotp = defineOperation({
  method: "delete",
  path: "/account/second-factor/totp",
  summary: "Remove the authenticator app (a current code or a recovery code); refused where one is required",
  auth: "user",
  access: { role: "member" },
  body: secondFactorCodeSchema,
  ok: [200, secondFactorStatusSchema],
  errors: [400, 401, 403],
});

export const passkeyRegistrationOptions = defineOperation({
  method: "post",
  path: "/account/second-factor/passkeys/options",
  summary: "WebAuthn options to create a passkey, with the ticket to send back (five minutes)",
  auth: "user",
  access: { role: "member" },
  enrolling: true,
  ok: [200, passkeyOptionsSchema],
  errors: [401],
});

export const addPasskey = defineOperation({
  method: "post",
  path: "/account/second-factor/passkeys",
  summary:
    "Add the passkey the browser created; recovery codes, if it is the first second factor, in this response only",
  auth: "user",
  access: { role: "member" },
  enrolling: true,
  body: addPasskeySchema,
  ok: [201, recoveryCodesSchema],
  errors: [400, 401, 409],
});

export const removePasskey = defineOperation({
  method: "delete",
  path: "/account/second-factor/passkeys/{id}",
  summary: "Remove a passkey; refused for the last second factor where one is required",
  auth: "user",
  access: { role: "member" },
  ok: [200, secondFactorStatusSchema],
  errors: [401, 403, 404],
});

export const passkeySignInOptions = defineOperation({
  method: "post",
  path: "/auth/passkey/options",
  summary: "WebAuthn options to sign in with a passkey as the second factor (any of this site's), with the ticket",
  auth: "none",
  ok: [200, passkeyOptionsSchema],
  errors: [],
});
