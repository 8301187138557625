import { z } from "zod";
import { ROLES } from "../auth/roles";
import { emailSchema } from "../auth/schemas";
import { SCOPES } from "../scopes";
import { text } from "../validation";

// Request and response schemas of the organization, member and invitation endpoints.

export const organizationListSchema = z.object({
  organizations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(ROLES),
      current: z.boolean(),
      reachable: z
        .boolean()
        .describe("Whether this sign-in reaches the organization; false: it asks for its own sign-in"),
    }),
  ),
});

export const switchOrganizationSchema = z.strictObject({ orgId: z.string().min(1).max(100) });

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
  joinedAt: z.iso.datetime(),
});
export const memberListSchema = z.object({ members: z.array(memberSchema) });
export const changeRoleSchema = z.strictObject({ role: z.enum(ROLES) });

export const createInvitationSchema = z.strictObject({
  email: emailSchema,
  role: z.enum(["admin", "member"]).default("member"),
});

export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  status: z.enum(["pending", "accepted", "expired", "revoked"]),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export const invitationWithLinkSchema = invitationSchema.extend({
  url: z.url().describe("The single-use link, shown this once"),
});
export const invitationListSchema = z.object({ invitations: z.array(invitationSchema) });
export const acceptInvitationSchema = z.strictObject({
  secret: z.string().min(1).max(200).describe("The invitation link's secret (its last path segment)"),
});
export const acceptedInvitationSchema = z.object({ orgId: z.string(), role: z.enum(ROLES) });
export const removedMemberSchema = z.object({
  userId: z.string(),
  revokedTokens: z.number().int(),
  revokedApps: z.number().int(),
});

export type Member = z.infer<typeof memberSchema>;
export type InvitationView = z.infer<typeof invitationSchema>;

const serviceAccountName = text().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");

export const createServiceAccountSchema = z.strictObject({ name: serviceAccountName });
export const updateServiceAccountSchema = z
  .strictObject({
    name: serviceAccountName.optional(),
    disabled: z.boolean().optional().describe("A disabled service account's tokens are refused at their next request"),
  })
  .refine((change) => change.name !== undefined || change.disabled !== undefined, "name or disabled: give one");

export const serviceAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["active", "disabled", "deleted"]),
  createdAt: z.iso.datetime(),
  /** The e-mail of the owner or admin who made it, while they exist. */
  createdBy: z.string().nullable(),
  disabledAt: z.iso.datetime().nullable(),
  activeTokens: z.number().int(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type ServiceAccount = z.infer<typeof serviceAccountSchema>;
export const serviceAccountListSchema = z.object({ serviceAccounts: z.array(serviceAccountSchema) });

const jwkSet = z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(20) });

export const createServiceClientSchema = z
  .strictObject({
    name: serviceAccountName,
    authMethod: z.enum(["client_secret_basic", "private_key_jwt"]),
    scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length),
    jwks: jwkSet.optional().describe("private_key_jwt: the client's public keys"),
    jwksUri: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional()
      .describe("private_key_jwt: where the client publishes its public keys (fetched under the outbound policy)"),
  })
  .refine(
    (input) =>
      input.authMethod === "client_secret_basic"
        ? !input.jwks && !input.jwksUri
        : (input.jwks === undefined) !== (input.jwksUri === undefined),
    "jwks or jwksUri: private_key_jwt needs exactly one of them, client_secret_basic neither",
  );
export type CreateServiceClientInput = z.infer<typeof createServiceClientSchema>;

export const serviceClientSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  authMethod: z.enum(["client_secret_basic", "private_key_jwt"]),
  secretHint: z.string().nullable(),
  jwksUri: z.string().nullable(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type ServiceClientView = z.infer<typeof serviceClientSchema>;
export const serviceClientWithSecretSchema = serviceClientSchema.extend({
  clientSecret: z.string().nullable().describe("client_secret_basic: the secret, shown this once"),
});
export const serviceClientListSchema = z.object({ clients: z.array(serviceClientSchema) });

// Workload identity federation: which outside workloads may act as a service account (lib/teams/workload-trust.ts).
const CLAIM_PATH = /^[A-Za-z0-9_.:-]{1,64}(\/[A-Za-z0-9_.:-]{1,64}){0,3}$/;
export const WORKLOAD_LIFETIME_MINUTES = { min: 5, max: 24 * 60, default: 60 } as const;

export const workloadTrustInputSchema = z.strictObject({
  name: serviceAccountName,
  issuer: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .describe("The issuer's URL, its tokens' `iss` (https://token.actions.githubusercontent.com, a cluster's issuer)"),
  jwksUri: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullable()
    .default(null)
    .describe("Where the issuer publishes its keys; null: from its OpenID Connect discovery document"),
  audience: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .optional()
    .describe("The `aud` the workload's token must carry; this server's URL when absent"),
  conditions: z
    .record(
      z
        .string()
        .regex(CLAIM_PATH, "must be a claim name, or a path into nested claims such as kubernetes.io/namespace"),
      z.string().trim().min(1, "must not be empty").max(300),
    )
    .refine(
      (conditions) => Object.keys(conditions).length >= 1,
      "name at least one claim the workload's token must have",
    )
    .refine((conditions) => Object.keys(conditions).length <= 12, "at most 12 conditions")
    .refine(
      (conditions) => Object.values(conditions).some((pattern) => pattern.replaceAll("*", "") !== ""),
      "at least one condition must be more than a wildcard: an issuer such as GitHub's signs for everyone",
    )
    .describe("Claim -> pattern, exact or with * for any run of characters (repository: acme/app, ref: refs/heads/*)"),
  scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length),
  maxLifetimeMinutes: z
    .number()
    .int()
    .min(WORKLOAD_LIFETIME_MINUTES.min)
    .max(WORKLOAD_LIFETIME_MINUTES.max)
    .default(WORKLOAD_LIFETIME_MINUTES.default),
});
export type WorkloadTrustInput = z.infer<typeof workloadTrustInputSchema>;

export const workloadTrustSchema = z.object({
  id: z.string().describe("Also the client_id a workload names it by when several policies accept its token"),
  name: z.string(),
  issuer: z.string(),
  jwksUri: z.string().nullable(),
  audience: z.string(),
  conditions: z.record(z.string(), z.string()),
  scopes: z.array(z.enum(SCOPES)),
  maxLifetimeMinutes: z.number().int(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type WorkloadTrustView = z.infer<typeof workloadTrustSchema>;
export const workloadTrustListSchema = z.object({ policies: z.array(workloadTrustSchema) });
