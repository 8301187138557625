import { z } from "zod";

// Request and response schemas of the unusual-activity flags and the organization's webhook.

export const activityListSchema = z.object({
  flags: z.array(
    z.object({
      id: z.string(),
      kind: z.enum([
        "refusal_burst",
        "use_after_silence",
        "new_client_address",
        "new_user_agent",
        "new_client_info",
        "leak_reported",
      ]),
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
export const webhookDeliverySchema = z.object({
  id: z.string(),
  event: z.enum(["token.unusual_activity", "token.expiring", "webhook.test"]),
  flagId: z.string().nullable().describe("The flag it sends; null for the other events"),
  url: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
});
export const webhookLogSchema = z.object({ url: z.string().nullable(), deliveries: z.array(webhookDeliverySchema) });

export type WebhookDeliveryView = z.infer<typeof webhookDeliverySchema>;
