// Why a single sign-on did not sign someone in: a short code the callback puts in the sign-in
// page's address (never a message, which anyone could put in a link), and the sentence shown.
export const SSO_REFUSALS = {
  unknown_domain: "No organization signs in people from this e-mail domain through single sign-on.",
  expired: "The sign-in took too long or was started in another browser. Please start again.",
  denied: "Your identity provider did not sign you in.",
  invalid_response: "Your identity provider's answer could not be verified. Please start again.",
  not_verified: "Your identity provider has not verified this e-mail address.",
  foreign_domain: "Your identity provider signed you in with an e-mail address outside your organization's domains.",
  no_account: "Your organization lets only people who already have an account sign in. Ask an owner for an invitation.",
  unavailable: "Your identity provider could not be reached. Please try again later.",
  existing_account:
    "You already have a Keyway account outside this organization. Sign in with its password (and second factor), then link it to your organization's single sign-on on your Account page.",
  not_linked:
    "The link to single sign-on was not made: start it again from your Account page, signed in with your password.",
} as const;

export type SsoRefusalReason = keyof typeof SSO_REFUSALS;

export function ssoRefusalMessage(reason: string | null | undefined): string | null {
  return reason && Object.hasOwn(SSO_REFUSALS, reason) ? SSO_REFUSALS[reason as SsoRefusalReason] : null;
}
