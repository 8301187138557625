import { z } from "zod";
import { isPublicMailDomain } from "./public-mail-domains";
import { text } from "../validation";

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email("must be a valid email address"));

const newPassword = z.string().min(8, "must be at least 8 characters").max(200, "must be at most 200 characters");

export const signupSchema = z.strictObject({
  email: emailSchema,
  password: newPassword,
  name: text().trim().min(1).max(100).optional(),
  organization: text().trim().min(1).max(100).optional(),
  invitation: text()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("An invitation link's secret: the account joins that organization instead of getting its own"),
});

export const credentialsSchema = z.strictObject({
  /** The second factor, for an account that has one: an authenticator code or a recovery code. */
  code: z.string().trim().min(1).max(64).optional(),
  /** Or a passkey's answer: `{ response, ticket }` as JSON (lib/auth/passkeys.ts). */
  passkey: z.string().max(16_000).optional(),
  email: emailSchema,
  password: z.string().min(1, "is required").max(200),
});

export const updateAccountSchema = z.strictObject({
  name: text().trim().max(100).describe("The name people see; empty: none (the e-mail address is shown)"),
});
export const accountSchema = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });

export const sessionListSchema = z.object({
  sessions: z
    .array(
      z.object({
        id: z.string(),
        kind: z
          .enum(["web", "access_token"])
          .describe("A browser's sign-in, or a user access token (POST /auth/token)"),
        createdAt: z.iso.datetime(),
        expiresAt: z.iso.datetime(),
        userAgent: z.string().nullable().describe("The browser or program that signed in, as it named itself"),
        address: z.string().nullable().describe("The client address it signed in from"),
        singleSignOn: z.boolean().describe("Opened through an organization's single sign-on"),
        current: z.boolean().describe("The session this request came with"),
      }),
    )
    .describe("Newest first"),
});
export const endedSessionsSchema = z.object({ ended: z.number().int().describe("How many sessions ended") });

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, "is required").max(200),
  newPassword,
});

export const signupResponseSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  organization: z.object({ id: z.string(), name: z.string() }),
});

export const accessTokenResponseSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().int(),
});

export type SignupInput = z.infer<typeof signupSchema>;
export type Credentials = z.infer<typeof credentialsSchema>;

// Single sign-on (lib/auth/sso.ts).
const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "must be a domain name, like example.com",
  );
const claimableDomainSchema = domainSchema.refine(
  (domain) => !isPublicMailDomain(domain),
  "is a public mail domain: its people are not one organization's",
);

export const ssoSettingsSchema = z.strictObject({
  issuer: z.url({ protocol: /^https?$/ }).max(500),
  clientId: z.string().trim().min(1).max(255),
  /** Required the first time; left out, the secret already stored is kept. */
  clientSecret: z.string().min(1).max(1000).optional(),
  domains: z.array(claimableDomainSchema).min(1).max(20),
  newPeople: z.enum(["member", "refuse"]),
  required: z.boolean(),
});

export const ssoViewSchema = z.object({
  configured: z.boolean(),
  /** The redirect URI to register at the identity provider. */
  callbackUrl: z.string(),
  issuer: z.string().nullable(),
  clientId: z.string().nullable(),
  domains: z.array(
    z.object({
      domain: z.string(),
      status: z.enum(["proven", "unproven"]).describe("An unproven domain admits no one"),
      provenAt: z.string().nullable(),
      record: z
        .object({ type: z.literal("TXT"), name: z.string(), value: z.string() })
        .describe("The DNS record that proves the organization controls the domain"),
    }),
  ),
  newPeople: z.enum(["member", "refuse"]),
  required: z.boolean(),
  updatedAt: z.string().nullable(),
});

export const ssoLinkSchema = z.strictObject({
  email: z.email().max(320).describe("Your address at the organization whose single sign-on to link"),
});
export const ssoLinkStartSchema = z.object({
  redirectTo: z.string().describe("The identity provider's sign-in: navigate the browser there"),
});

// Two-factor sign-in (lib/auth/second-factor.ts).
export const secondFactorStatusSchema = z.object({
  totp: z.enum(["off", "pending", "on"]).describe("pending: started, not yet confirmed by a first code"),
  passkeys: z.array(
    z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() }),
  ),
  recoveryCodesLeft: z.number().int(),
  required: z.boolean().describe("An organization of the user requires a second factor"),
});
export const totpEnrolmentSchema = z.object({
  secret: z.string().describe("Base32, for typing into an authenticator app"),
  uri: z.string().describe("otpauth:// URI, for a QR code"),
});
export const secondFactorCodeSchema = z.strictObject({ code: z.string().trim().min(1).max(64) });
export const recoveryCodesSchema = z.object({
  recoveryCodes: z.array(z.string()).describe("Shown in this response only; each signs in once"),
});
export const secondFactorRequirementSchema = z.object({
  required: z.boolean(),
  members: z.array(z.object({ userId: z.string(), email: z.string(), secondFactor: z.boolean() })),
});
export const setSecondFactorRequirementSchema = z.strictObject({ required: z.boolean() });

/** WebAuthn options for the browser, and the sealed ticket that carries their challenge back. */
export const passkeyOptionsSchema = z.object({ options: z.record(z.string(), z.unknown()), ticket: z.string() });
export const addPasskeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  response: z.looseObject({ id: z.string().max(2000), type: z.literal("public-key") }),
  ticket: z.string().max(4000),
});

export type SecondFactorStatus = z.infer<typeof secondFactorStatusSchema>;
export type SecondFactorRequirement = z.infer<typeof secondFactorRequirementSchema>;
export type SsoSettings = z.infer<typeof ssoSettingsSchema>;
export type SsoView = z.infer<typeof ssoViewSchema>;
