import {
  accessTokenResponseSchema,
  accountSchema,
  updateAccountSchema,
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
  sessionListSchema,
  endedSessionsSchema,
} from "../../auth/schemas";
import { defineOperation } from "./define";

// Sign-up, sign-in tokens, the password and the signed-in person's own second factor and SSO link.

export const signUp = defineOperation("post /auth/signup", {
  summary: "Create an account and its organization",
  auth: "none",
  body: signupSchema,
  ok: [201, signupResponseSchema],
  errors: [409],
});

export const issueAccessToken = defineOperation("post /auth/token", {
  summary: "Get a one-hour user access token",
  auth: "none",
  body: credentialsSchema,
  ok: [200, accessTokenResponseSchema],
  errors: [401, 429],
});

export const changePassword = defineOperation("post /auth/password", {
  access: { role: "member" },
  summary: "Change the password; every session and user access token ends",
  body: changePasswordSchema,
  ok: [204],
  errors: [429],
});

export const updateAccount = defineOperation("patch /account", {
  access: { role: "member" },
  summary: "Change one's own name",
  body: updateAccountSchema,
  ok: [200, accountSchema],
});

export const listSessions = defineOperation("get /account/sessions", {
  access: { role: "member" },
  summary: "The browsers and user access tokens one is signed in with",
  ok: [200, sessionListSchema],
});

export const endSession = defineOperation("delete /account/sessions/{id}", {
  access: { role: "member" },
  summary: "Sign out of one session (a browser or a user access token) at once",
  ok: [204],
});

export const endOtherSessions = defineOperation("delete /account/sessions", {
  access: { role: "member" },
  summary: "Sign out of every session but the one this request came with",
  ok: [200, endedSessionsSchema],
});

export const linkSso = defineOperation("post /account/sso-link", {
  summary:
    "Link your account to the single sign-on of your work address's organization: from a session opened with your own password, the browser goes to redirectTo",
  access: { role: "member" },
  body: ssoLinkSchema,
  ok: [200, ssoLinkStartSchema],
  errors: [404],
});

export const getSecondFactor = defineOperation("get /account/second-factor", {
  summary: "The user's second factor: authenticator app, recovery codes left, and whether one is required",
  access: { role: "member" },
  enrolling: true,
  ok: [200, secondFactorStatusSchema],
});

export const startTotp = defineOperation("post /account/second-factor/totp", {
  summary: "Start setting up an authenticator app: a new secret, counted once a first code confirms it",
  access: { role: "member" },
  enrolling: true,
  ok: [200, totpEnrolmentSchema],
  errors: [409],
});

export const confirmTotp = defineOperation("post /account/second-factor/totp/confirm", {
  summary: "Confirm the authenticator app with its current code; the recovery codes are in this response only",
  access: { role: "member" },
  enrolling: true,
  body: secondFactorCodeSchema,
  ok: [200, recoveryCodesSchema],
  errors: [409],
});

export const removeTotp = defineOperation("delete /account/second-factor/totp", {
  summary: "Remove the authenticator app (a current code or a recovery code); refused where one is required",
  access: { role: "member" },
  body: secondFactorCodeSchema,
  ok: [200, secondFactorStatusSchema],
});

export const passkeyRegistrationOptions = defineOperation("post /account/second-factor/passkeys/options", {
  summary: "WebAuthn options to create a passkey, with the ticket to send back (five minutes)",
  access: { role: "member" },
  enrolling: true,
  ok: [200, passkeyOptionsSchema],
});

export const addPasskey = defineOperation("post /account/second-factor/passkeys", {
  summary:
    "Add the passkey the browser created; recovery codes, if it is the first second factor, in this response only",
  access: { role: "member" },
  enrolling: true,
  body: addPasskeySchema,
  ok: [201, recoveryCodesSchema],
  errors: [409],
});

export const removePasskey = defineOperation("delete /account/second-factor/passkeys/{id}", {
  summary: "Remove a passkey; refused for the last second factor where one is required",
  access: { role: "member" },
  ok: [200, secondFactorStatusSchema],
});

export const passkeySignInOptions = defineOperation("post /auth/passkey/options", {
  summary: "WebAuthn options to sign in with a passkey as the second factor (any of this site's), with the ticket",
  auth: "none",
  ok: [200, passkeyOptionsSchema],
});
