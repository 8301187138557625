import { z } from "zod";
import { toolListSchema } from "../upstream/tool-permissions";
import { cursorSchema, queryLimitSchema } from "../pagination";
import { text } from "../validation";
import { addressEntryProblem } from "../net/address-syntax";
import { EXPORT_FORMATS } from "../export";
import { SCOPES } from "../scopes";

/** How a token came to be; only personal ones have a page of their own. */
export const TOKEN_ORIGINS = ["personal", "connected_app", "service_client", "workload", "delegation"] as const;
export type TokenOrigin = (typeof TOKEN_ORIGINS)[number];

// Request and response schemas of /api/v2/tokens; the OpenAPI document is generated from these.
export const TOKEN_STATUSES = ["active", "expired", "revoked"] as const;
export const MAX_RATE_LIMIT_PER_HOUR = 100_000;
export const DEFAULT_RATE_LIMIT_PER_HOUR = 1_000;

const name = text().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
const rateLimitPerHour = z
  .number()
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(MAX_RATE_LIMIT_PER_HOUR, `must be at most ${MAX_RATE_LIMIT_PER_HOUR}`);
const expiresInDays = z
  .number()
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(365, "must be at most 365");
const scopes = z
  .array(z.enum(SCOPES, { error: `must be one of ${SCOPES.join(", ")}` }))
  .min(1, "must name at least one scope")
  .max(SCOPES.length * 2);

// Addresses or CIDR ranges (IPv4 or IPv6) the token may be used from; none means anywhere.
export const MAX_ALLOWED_ADDRESSES = 32;
const allowedAddresses = z
  .array(text().trim().max(64))
  .max(MAX_ALLOWED_ADDRESSES, `must list at most ${MAX_ALLOWED_ADDRESSES} addresses`)
  .superRefine((entries, context) => {
    entries.forEach((entry, index) => {
      const problem = addressEntryProblem(entry);
      if (problem) context.addIssue({ code: "custom", message: problem, path: [index] });
    });
  });

export const TOKEN_APPROVALS = ["approved", "pending", "denied"] as const;

const description = text().trim().max(500).describe("What the token is for, in the holder's words");

export const createTokenSchema = z
  .strictObject({
    name,
    description: description.default(""),
    scopes,
    approvalReason: text()
      .trim()
      .max(500)
      .optional()
      .describe("Why the token is needed, when the organization's policy asks for approval"),
    allowedAddresses: allowedAddresses.default([]),
    expiresInDays: expiresInDays.default(30),
    rateLimitPerHour: rateLimitPerHour.default(DEFAULT_RATE_LIMIT_PER_HOUR),
    server: z
      .string()
      .max(40)
      .optional()
      .describe("The slug of one of the organization's MCP servers the token is for; left out, Keyway's own /mcp"),
    tools: toolListSchema
      .optional()
      .describe("With server: the only tools of it the token may call; left out, every tool you may grant"),
  })
  .refine((body) => body.tools === undefined || body.server !== undefined, {
    message: "tools narrow a token for one of your MCP servers: give server too",
    path: ["tools"],
  });

// Scopes may only narrow and the expiry never moves; anything else needs a new token.
export const updateTokenSchema = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    rateLimitPerHour: rateLimitPerHour.optional(),
    scopes: scopes.optional(),
    allowedAddresses: allowedAddresses.optional().describe("Replaces the list; [] allows every address"),
  })
  .refine(
    (body) => Object.keys(body).length > 0,
    "send at least one of name, description, rateLimitPerHour, scopes, allowedAddresses",
  );

export const ROTATION_OVERLAPS = ["none", "1h", "1d", "7d"] as const;
export const rotateTokenSchema = z.strictObject({
  expiresInDays: expiresInDays.optional(),
  overlap: z
    .enum(ROTATION_OVERLAPS)
    .default("none")
    .describe("How long the old token keeps working beside the new one (bounded by its own expiry and the policy)"),
});

export const TOKEN_SORTS = ["created", "name", "lastUsed", "expires", "rateLimit"] as const;

// Whose tokens a list or an overview covers: the caller's, or the organization's (owners and admins).
const tokenScope = z
  .enum(["mine", "organization"])
  .default("mine")
  .describe("mine: the caller's own tokens; organization: every token of the organization (owners and admins)");
export type TokenScope = z.infer<typeof tokenScope>;

export const listTokensQuerySchema = z.strictObject({
  cursor: cursorSchema.optional(),
  limit: queryLimitSchema(20),
  status: z.enum(TOKEN_STATUSES).optional(),
  scope: tokenScope,
  approval: z.enum(TOKEN_APPROVALS).optional(),
  q: text()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe(
      "Only tokens whose name, holder (name or e-mail address) contains this, ignoring case, or whose last characters end with it (a leading … is ignored)",
    ),
  sort: z.enum(TOKEN_SORTS).default("created"),
  order: z
    .enum(["asc", "desc"])
    .optional()
    .describe("Newest, most recently used and highest first by default; names and expiry dates A to Z, soonest first"),
});

export const exportTokensQuerySchema = listTokensQuerySchema
  .omit({ cursor: true, limit: true })
  .extend({ format: z.enum(EXPORT_FORMATS).default("csv") });

export const approvalDecisionSchema = z.strictObject({ note: text().trim().max(500).optional() });

export const usageQuerySchema = z.strictObject({ window: z.enum(["24h", "7d", "30d"]).default("24h") });
export const usageOverviewQuerySchema = usageQuerySchema.extend({ scope: tokenScope });

export const tokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  hint: z.string().describe("The token's last characters, to tell tokens apart"),
  description: z.string(),
  createdBy: z
    .object({ id: z.string(), name: z.string() })
    .nullable()
    .describe("Who made it (the holder, or who made a service account's); null when not known"),
  scopes: z.array(z.enum(SCOPES)),
  status: z.enum(TOKEN_STATUSES),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable().describe("With any of its secrets (the ones it replaced by rotation too)"),
  revokedAt: z.iso.datetime().nullable(),
  revokedReason: z.string().nullable(),
  rateLimitPerHour: z.number().int(),
  allowedAddresses: z
    .array(z.string())
    .describe("Client addresses and CIDR ranges it may be used from; empty: anywhere"),
  approval: z.enum(TOKEN_APPROVALS).describe("pending or denied tokens are refused by /mcp"),
  approvalReason: z.string().nullable(),
  approvalNote: z.string().nullable(),
  userId: z.string().describe("The holder's id (holder.id)"),
  holder: z
    .object({
      kind: z.enum(["person", "service_account"]),
      id: z.string(),
      name: z.string().describe("A person's name or e-mail address, or the service account's name"),
    })
    .describe("Who holds the token: a person, or one of the organization's service accounts"),
  orgId: z.string(),
  rotatedFromId: z.string().nullable(),
  serverId: z.string().nullable().describe("The upstream MCP server the token is for; null: Keyway's own /mcp"),
  tools: z.array(z.string()).nullable().describe("The upstream server's tools the token may call; null: every tool"),
});

export const tokenWithSecretSchema = tokenViewSchema.extend({
  token: z.string().describe("The secret, returned this once and never again"),
  resource: z.string().describe("The MCP URL the token is for: APP_URL/mcp, or an upstream server's"),
});

export const rotatedTokenSchema = tokenWithSecretSchema.extend({
  previous: z
    .object({ id: z.string(), stopsAt: z.iso.datetime() })
    .describe("The token this one replaces, and when it stops (now, or when the overlap ends)"),
});

export const tokenListItemSchema = tokenViewSchema.extend({
  requests24h: z.number().int().describe("Requests in the last 24 hours"),
  flags7d: z.number().int().describe("Unusual-activity flags in the last 7 days"),
  server: z
    .object({ name: z.string(), resource: z.string() })
    .nullable()
    .describe("The organization's MCP server the token is for, and its URL at Keyway; null: Keyway's own /mcp"),
  history: z
    .array(
      z.object({
        id: z.string(),
        hint: z.string(),
        createdAt: z.iso.datetime(),
        expiresAt: z.iso.datetime().describe("During a rotation's overlap, when the old secret stops"),
        revokedAt: z.iso.datetime().nullable(),
        lastUsedAt: z.iso.datetime().nullable().describe("When this secret was last used"),
      }),
    )
    .describe(
      "The secrets this token replaced by rotation, newest first; they are listed here, not as tokens of their own",
    ),
});

export const revokeTokensSchema = z.strictObject({
  ids: z.array(text().min(1).max(100)).min(1).max(100).describe("The tokens to revoke (up to 100)"),
});
export const revokedTokensSchema = z.object({ tokens: z.array(tokenViewSchema) });

/** One token with the secrets it replaced (GET /tokens/{id}, the token's page). */
export const tokenDetailsSchema = tokenViewSchema.extend({ history: tokenListItemSchema.shape.history });

export const tokenListSchema = z.object({
  tokens: z.array(tokenListItemSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().describe("How many tokens the query finds, on every page"),
});

export const usageCountsSchema = z.object({
  requests: z.number().int(),
  succeeded: z.number().int(),
  errors: z.number().int(),
  denied: z.number().int(),
  rateLimited: z.number().int(),
});

export const tokenUsageSchema = z.object({
  tokenId: z.string(),
  window: z.enum(["24h", "7d", "30d"]),
  lastUsedAt: z.iso.datetime().nullable(),
  totals: usageCountsSchema,
  series: z.array(usageCountsSchema.extend({ start: z.iso.datetime() })),
  byTool: z.array(usageCountsSchema.extend({ tool: z.string() })),
});

export const usageOverviewSchema = tokenUsageSchema.omit({ tokenId: true }).extend({
  scope: tokenScope,
  byToken: z
    .array(
      usageCountsSchema.extend({
        tokenId: z.string(),
        name: z.string(),
        hint: z.string(),
        origin: z
          .enum(TOKEN_ORIGINS)
          .describe(
            "How the token came to be: personal tokens have a page of their own; the others are a connected app's, a service account client's or a workload's access tokens, or handed on by delegation",
          ),
      }),
    )
    .describe("The ten secrets with the most requests in the window, most first"),
});

export const validateResponseSchema = z.object({
  valid: z.literal(true),
  tokenId: z.string(),
  userId: z.string(),
  orgId: z.string(),
  scopes: z.array(z.string()),
  permissions: z.array(z.string()),
  expiresAt: z.iso.datetime(),
  resource: z.string().describe("The MCP URL the token is for: APP_URL/mcp, or an organization's server's"),
});

export type TokenView = z.infer<typeof tokenViewSchema>;
export type TokenListItem = z.infer<typeof tokenListItemSchema>;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];
export const USAGE_OUTCOMES = ["succeeded", "error", "denied", "rateLimited"] as const;
export const requestLogQuerySchema = z.strictObject({
  cursor: cursorSchema.optional(),
  limit: queryLimitSchema(50),
  outcome: z.enum(USAGE_OUTCOMES).optional().describe("Only calls that ended so"),
  tool: z.string().max(100).optional().describe("Only calls of this tool or JSON-RPC method"),
});
export const requestLogEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  tool: z.string().describe("The tool for tools/call, the JSON-RPC method otherwise"),
  outcome: z.enum(USAGE_OUTCOMES),
  status: z.number().int().nullable().describe("The HTTP status of the answer that carried the call"),
  reason: z.string().nullable().describe("Why the call was refused or failed; null when it succeeded"),
  durationMs: z.number().int().nullable().describe("From the request's arrival to the call's answer"),
  clientName: z.string().nullable().describe("The MCP client's name (clientInfo), when known"),
  clientAddress: z.string().nullable(),
  secret: z
    .object({ id: z.string(), hint: z.string(), name: z.string() })
    .describe(
      "The secret the call was made with: the token's own, one it replaced by rotation, or a token handed on from it (its id, last characters and the token's name)",
    ),
  workload: z
    .record(z.string(), z.string())
    .nullable()
    .describe("For a workload's token (workload identity federation): the workload's identifying claims"),
  delegatedFrom: z.string().nullable().describe("For a delegated token: the id of the token it was exchanged from"),
});
export const requestOverviewQuerySchema = requestLogQuerySchema.extend({ scope: tokenScope });
export const requestLogSchema = z.object({
  requests: z.array(requestLogEntrySchema).describe("Newest first; transport requests and notifications are not calls"),
  nextCursor: z.string().nullable(),
});
export const tokenRequestLogSchema = requestLogSchema.extend({ tokenId: z.string() });
export const requestOverviewSchema = requestLogSchema.extend({ scope: tokenScope });
export type RequestLogEntry = z.infer<typeof requestLogEntrySchema>;
export type UsageOutcome = (typeof USAGE_OUTCOMES)[number];

export type UsageWindow = z.infer<typeof usageQuerySchema>["window"];
export type UsageCounts = z.infer<typeof usageCountsSchema>;
export type TokenUsage = z.infer<typeof tokenUsageSchema>;
export type UsageOverview = z.infer<typeof usageOverviewSchema>;
export type TokenWithSecret = z.infer<typeof tokenWithSecretSchema>;
export type TokenList = z.infer<typeof tokenListSchema>;
export type CreateTokenInput = z.infer<typeof createTokenSchema>;
export type RotationOverlap = (typeof ROTATION_OVERLAPS)[number];
export type UpdateTokenInput = z.input<typeof updateTokenSchema>;
export type ListTokensQuery = z.input<typeof listTokensQuerySchema>;

// The organization's token policy (owners set it). Null limits mean Keyway's own (365 days, 100,000/h).
// Apps that never refresh (some hosted connectors) need longer access tokens; a week at most, so a
// leaked one still ends.
export const APP_ACCESS_TOKEN_MAX_MINUTES = 7 * 24 * 60;
export const CONNECTED_APP_MODES = ["any", "approved", "none"] as const;

export const tokenPolicySchema = z.strictObject({
  maxExpiryDays: z.number().int().min(1).max(365).nullable(),
  maxRateLimitPerHour: z.number().int().min(1).max(MAX_RATE_LIMIT_PER_HOUR).nullable(),
  memberScopes: z.array(z.enum(SCOPES)).nullable().describe("Scopes members may grant themselves; null: every scope"),
  approvalForWrite: z.boolean().describe("Members' tokens with a write scope wait for an owner's or admin's approval"),
  requireAllowedAddresses: z.boolean().describe("Every new token must list the client addresses it may be used from"),
  appAccessTokenMinutes: z
    .number()
    .int()
    .min(5)
    .max(APP_ACCESS_TOKEN_MAX_MINUTES)
    .nullable()
    .default(null)
    .describe("Connected apps: minutes an access token lives; null or omitted: 60"),
  appRefreshIdleDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .nullable()
    .default(null)
    .describe("Connected apps: days a refresh chain lives without being used; null or omitted: 30"),
  connectedApps: z
    .enum(CONNECTED_APP_MODES)
    .default("any")
    .describe("Which OAuth apps members may connect: any, only those an owner or admin approved, or none"),
  requireDpop: z
    .boolean()
    .default(false)
    .describe(
      "Connected apps' and service-account clients' access tokens must be bound to a key they hold (DPoP, RFC 9449); their bearer tokens stop",
    ),
});
export const policyUpdateResultSchema = z.object({
  policy: tokenPolicySchema,
  exceeding: z.array(tokenViewSchema).describe("Active tokens made before the change that exceed the new policy"),
});
export type TokenPolicy = z.infer<typeof tokenPolicySchema>;

// Leaked secrets: GitHub's secret-scanning reports, and a person's own.
export const leakVerdictsSchema = z
  .array(
    z.object({
      token_hash: z.string().describe("SHA-256 (hex) of the reported token; the token itself is never echoed"),
      token_type: z.string(),
      label: z.enum(["true_positive", "false_positive"]).describe("true_positive: a Keyway secret, now ended"),
    }),
  )
  .describe("GitHub's false-positive feedback format, one entry per match");
export const leakReportSchema = z.strictObject({
  token: text().min(1).max(4096).describe("A Keyway secret you found where it should not be"),
});
export const leakOutcomeSchema = z.object({
  ended: z.boolean().describe("true: it was a Keyway secret and no longer works; false: not one of Keyway's"),
});
