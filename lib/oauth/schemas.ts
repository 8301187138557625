import { z } from "zod";
import { SCOPES } from "../scopes";
import { requestLogSchema, usageCountsSchema } from "../tokens/schemas";

// Response schemas of /api/v2/connected-apps; the OpenAPI document is generated from these.
export const connectedAppSchema = z.object({
  id: z.string().describe("The grant's id"),
  client: z.object({
    id: z.string(),
    kind: z
      .enum(["cimd", "dcr", "enterprise"])
      .describe(
        "cimd: known by its metadata document URL; dcr: registered itself; enterprise: registered by an owner for enterprise-managed authorization",
      ),
    name: z.string(),
    clientUri: z.string().nullable(),
    logoUri: z.string().nullable(),
  }),
  userId: z.string(),
  userEmail: z.string(),
  orgId: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  resource: z
    .object({
      name: z.string(),
      url: z.string(),
      tools: z.array(z.string()).nullable().describe("The only tools of it the app may call; null: every tool"),
    })
    .nullable()
    .describe("The organization's MCP server the app reaches through Keyway; null: Keyway's own /mcp"),
  grantedBy: z
    .enum(["consent", "identity_provider"])
    .describe(
      "consent: the user allowed it; identity_provider: the organization's identity provider granted it (ID-JAG)",
    ),
  status: z.enum(["active", "revoked"]),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  revokedReason: z.string().nullable(),
  requests24h: z.number().int().describe("Requests in the last 24 hours, over all of the grant's access tokens"),
  accessTokenLifetimeSeconds: z
    .number()
    .int()
    .describe("How long each access token the app receives lives, under the organization's policy"),
  refreshExpiresAt: z.iso
    .datetime()
    .nullable()
    .describe(
      "When the app's connection ends unless it renews its access before; null when it holds no live refresh token",
    ),
});

export const connectedAppListSchema = z.object({ apps: z.array(connectedAppSchema) });

export const listConnectedAppsQuerySchema = z.strictObject({
  scope: z.enum(["mine", "organization"]).default("mine"),
  status: z.enum(["active", "revoked"]).optional(),
});

export const connectedAppUsageSchema = z.object({
  grantId: z.string(),
  window: z.enum(["24h", "7d", "30d"]),
  lastUsedAt: z.iso.datetime().nullable(),
  totals: usageCountsSchema,
  series: z.array(usageCountsSchema.extend({ start: z.iso.datetime() })),
  byTool: z.array(usageCountsSchema.extend({ tool: z.string() })),
});

export const connectedAppRequestLogSchema = requestLogSchema.extend({ grantId: z.string() });

export type ConnectedApp = z.infer<typeof connectedAppSchema>;

export const appApprovalSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  redirectHost: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  status: z.enum(["pending", "approved", "withdrawn"]),
  /** The e-mail of the member whose first try asked for it, while they exist. */
  requestedBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
});
export type AppApprovalView = z.infer<typeof appApprovalSchema>;
export const appApprovalListSchema = z.object({ approvals: z.array(appApprovalSchema) });
export const withdrawnAppApprovalSchema = appApprovalSchema.extend({
  grantsRevoked: z.number().int().describe("Grants of the app in the organization revoked by the withdrawal"),
});

// Enterprise clients (enterprise-managed authorization, lib/oauth/enterprise-clients.ts).
export const createEnterpriseClientSchema = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const enterpriseClientSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime(),
});

export const enterpriseClientWithSecretSchema = enterpriseClientSchema.extend({
  clientSecret: z.string().describe("Shown in this response only; Keyway keeps its hash"),
});

export const enterpriseClientListSchema = z.object({ clients: z.array(enterpriseClientSchema) });

export type EnterpriseClientView = z.infer<typeof enterpriseClientSchema>;
