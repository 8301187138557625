import { z } from "zod";
import { ROLES } from "../auth/roles";
import { emailSchema } from "../auth/schemas";
import { MAX_RATE_LIMIT_PER_HOUR, tokenViewSchema } from "../tokens/schemas";
import { SCOPES } from "../scopes";

// Request and response schemas of the organization, member and invitation endpoints.

export const organizationListSchema = z.object({
  organizations: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), current: z.boolean() })),
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
export const acceptInvitationSchema = z.strictObject({ token: z.string().min(1).max(200) });
export const acceptedInvitationSchema = z.object({ orgId: z.string(), role: z.enum(ROLES) });
export const removedMemberSchema = z.object({
  userId: z.string(),
  revokedTokens: z.number().int(),
  revokedApps: z.number().int(),
});

export type Member = z.infer<typeof memberSchema>;
export type InvitationView = z.infer<typeof invitationSchema>;

export const activityListSchema = z.object({
  flags: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["refusal_burst", "use_after_silence", "new_client_address", "new_user_agent", "new_client_info"]),
      tokenId: z.string(),
      tokenName: z.string(),
      userId: z.string(),
      detail: z.record(z.string(), z.unknown()),
      createdAt: z.iso.datetime(),
    }),
  ),
});

export const webhookUpdateSchema = z.strictObject({ url: z.url().max(2048).nullable() });
export const webhookSecretSchema = z.object({
  url: z.string().nullable(),
  secret: z.string().nullable().describe("The signing secret, shown this once (null when the webhook was removed)"),
});
export const webhookLogSchema = z.object({
  url: z.string().nullable(),
  deliveries: z.array(
    z.object({
      id: z.string(),
      flagId: z.string(),
      url: z.string(),
      status: z.enum(["pending", "delivered", "failed"]),
      attempts: z.number().int(),
      lastStatus: z.number().int().nullable(),
      lastError: z.string().nullable(),
      nextAttemptAt: z.iso.datetime().nullable(),
      createdAt: z.iso.datetime(),
      deliveredAt: z.iso.datetime().nullable(),
    }),
  ),
});
