import { z } from "zod";
import { cursorSchema, queryLimitSchema } from "../pagination";

export const listAuditQuerySchema = z.strictObject({ cursor: cursorSchema.optional(), limit: queryLimitSchema(50) });

export const auditEventSchema = z.object({
  id: z.string(),
  action: z.string(),
  actorUserId: z.string().nullable(),
  targetType: z.string(),
  targetId: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
});

export const auditListSchema = z.object({ events: z.array(auditEventSchema), nextCursor: z.string().nullable() });
