import { z } from "zod";
import { cursorSchema, queryLimitSchema } from "../pagination";
import { EXPORT_FORMATS } from "../export";
import { text } from "../validation";

// Filters of the audit trail: who (actor's user id), what it was done to (target id), which kind
// of event (an action, or a family such as `token.` / `oauth.`), and when (from inclusive, to exclusive).
export const auditFilterSchema = z.strictObject({
  actor: text().trim().min(1).max(100).optional(),
  target: text().trim().min(1).max(2048).optional(),
  action: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]*$/, "must be an action such as token.revoked, or a family such as token.")
    .optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const listAuditQuerySchema = auditFilterSchema.extend({
  cursor: cursorSchema.optional(),
  limit: queryLimitSchema(50),
});

export const exportAuditQuerySchema = auditFilterSchema.extend({ format: z.enum(EXPORT_FORMATS).default("jsonl") });

export const auditEventSchema = z.object({
  id: z.string(),
  action: z.string(),
  actorUserId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  targetType: z.string(),
  targetId: z.string(),
  targetName: z
    .string()
    .nullable()
    .describe("What people call the object (a token's or app's name, a person's e-mail), when it is known"),
  metadata: z.record(z.string(), z.unknown()),
  clientAddress: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export const auditListSchema = z.object({ events: z.array(auditEventSchema), nextCursor: z.string().nullable() });

export type AuditFilter = z.infer<typeof auditFilterSchema>;
export type AuditEventView = z.infer<typeof auditEventSchema>;
