import { z } from "zod";
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
  email: emailSchema,
  password: z.string().min(1, "is required").max(200),
});

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

export const ssoSettingsSchema = z.strictObject({
  issuer: z.url({ protocol: /^https?$/ }).max(500),
  clientId: z.string().trim().min(1).max(255),
  /** Required the first time; left out, the secret already stored is kept. */
  clientSecret: z.string().min(1).max(1000).optional(),
  domains: z.array(domainSchema).min(1).max(20),
  newPeople: z.enum(["member", "refuse"]),
  required: z.boolean(),
});

export const ssoViewSchema = z.object({
  configured: z.boolean(),
  /** The redirect URI to register at the identity provider. */
  callbackUrl: z.string(),
  issuer: z.string().nullable(),
  clientId: z.string().nullable(),
  domains: z.array(z.string()),
  newPeople: z.enum(["member", "refuse"]),
  required: z.boolean(),
  updatedAt: z.string().nullable(),
});

export type SsoSettings = z.infer<typeof ssoSettingsSchema>;
export type SsoView = z.infer<typeof ssoViewSchema>;
