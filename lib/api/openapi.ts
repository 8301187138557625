import { z } from "zod";
import { auditListSchema, exportAuditQuerySchema, listAuditQuerySchema } from "../audit/schemas";
import {
  accessTokenResponseSchema,
  changePasswordSchema,
  credentialsSchema,
  signupResponseSchema,
  signupSchema,
} from "../auth/schemas";
import {
  approvalDecisionSchema,
  createTokenSchema,
  listTokensQuerySchema,
  rotateTokenSchema,
  rotatedTokenSchema,
  tokenListSchema,
  tokenUsageSchema,
  tokenViewSchema,
  tokenWithSecretSchema,
  updateTokenSchema,
  usageQuerySchema,
  requestLogQuerySchema,
  tokenRequestLogSchema,
  validateResponseSchema,
  policyUpdateResultSchema,
  tokenPolicySchema,
} from "../tokens/schemas";
import {
  activityListSchema,
  webhookLogSchema,
  webhookSecretSchema,
  webhookUpdateSchema,
  acceptedInvitationSchema,
  acceptInvitationSchema,
  changeRoleSchema,
  createInvitationSchema,
  invitationListSchema,
  invitationSchema,
  invitationWithLinkSchema,
  memberListSchema,
  memberSchema,
  organizationListSchema,
  removedMemberSchema,
  switchOrganizationSchema,
} from "../teams/schemas";
import {
  connectedAppListSchema,
  connectedAppSchema,
  connectedAppUsageSchema,
  connectedAppRequestLogSchema,
  listConnectedAppsQuerySchema,
} from "../oauth/schemas";

// Generated from the same zod schemas the handlers validate with, so the document cannot drift.
const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});

const input = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
const output = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });

function queryParameters(schema: z.ZodObject) {
  const json = input(schema) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schemaOf]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: schemaOf,
  }));
}

type Operation = {
  summary: string;
  auth?: "user" | "apiToken" | "none";
  body?: z.ZodType;
  query?: z.ZodObject;
  /** The success status, with the schema of its body (none for 204). */
  ok: [number, z.ZodType] | [204];
  /** Media types of the success body when it is not JSON (an export). */
  produces?: string[];
  errors: number[];
};

function operation(op: Operation, pathParams: string[]) {
  const security =
    op.auth === "none" ? [] : op.auth === "apiToken" ? [{ apiToken: [] }] : [{ session: [] }, { userAccessToken: [] }];
  return {
    summary: op.summary,
    security,
    parameters: [
      ...pathParams.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
      ...(op.query ? queryParameters(op.query) : []),
    ],
    ...(op.body && { requestBody: { required: true, content: { "application/json": { schema: input(op.body) } } } }),
    responses: {
      [op.ok[0]]: op.ok[1]
        ? {
            description: "Success",
            content: Object.fromEntries(
              (op.produces ?? ["application/json"]).map((type) => [type, { schema: output(op.ok[1]!) }]),
            ),
          }
        : { description: "Success, no body" },
      ...Object.fromEntries(
        op.errors.map((status) => [
          status,
          { description: "Error", content: { "application/json": { schema: output(errorSchema) } } },
        ]),
      ),
    },
  };
}

const routes: Record<string, Record<string, Operation>> = {
  "/auth/signup": {
    post: {
      summary: "Create an account and its organization",
      auth: "none",
      body: signupSchema,
      ok: [201, signupResponseSchema],
      errors: [400, 409, 413],
    },
  },
  "/auth/token": {
    post: {
      summary: "Get a one-hour user access token",
      auth: "none",
      body: credentialsSchema,
      ok: [200, accessTokenResponseSchema],
      errors: [400, 401, 429],
    },
  },
  "/auth/password": {
    post: {
      summary: "Change the password; every session and user access token ends",
      body: changePasswordSchema,
      ok: [204],
      errors: [400, 401, 429],
    },
  },
  "/audit/export": {
    get: {
      summary: "Export the audit trail (owners and admins) as CSV or JSON Lines, with the list's filters",
      query: exportAuditQuerySchema,
      ok: [200, z.string()],
      produces: ["text/csv", "application/jsonl"],
      errors: [400, 401, 403],
    },
  },
  "/audit": {
    get: {
      summary: "The organization's audit trail, newest first (owners and admins)",
      query: listAuditQuerySchema,
      ok: [200, auditListSchema],
      errors: [400, 401, 403],
    },
  },
  "/tokens": {
    get: {
      summary: "List tokens, newest first",
      query: listTokensQuerySchema,
      ok: [200, tokenListSchema],
      errors: [400, 401, 403],
    },
    post: {
      summary: "Create a token (the secret is returned once)",
      body: createTokenSchema,
      ok: [201, tokenWithSecretSchema],
      errors: [400, 401, 413],
    },
  },
  "/tokens/{id}": {
    get: { summary: "A token's metadata", ok: [200, tokenViewSchema], errors: [401, 404] },
    patch: {
      summary: "Rename, change the rate limit, or narrow the scopes",
      body: updateTokenSchema,
      ok: [200, tokenViewSchema],
      errors: [400, 401, 404, 409],
    },
    delete: { summary: "Revoke a token", ok: [200, tokenViewSchema], errors: [401, 404] },
  },
  "/tokens/{id}/rotate": {
    post: {
      summary: "Issue a successor; the old token stops at once or after the chosen overlap",
      body: rotateTokenSchema,
      ok: [201, rotatedTokenSchema],
      errors: [400, 401, 404, 409],
    },
  },
  "/tokens/{id}/usage": {
    get: {
      summary: "Usage over 24h, 7d or 30d",
      query: usageQuerySchema,
      ok: [200, tokenUsageSchema],
      errors: [400, 401, 404],
    },
  },
  "/tokens/{id}/requests": {
    get: {
      summary: "The per-request log: time, tool or method, outcome, MCP client and address, newest first",
      query: requestLogQuerySchema,
      ok: [200, tokenRequestLogSchema],
      errors: [400, 401, 404],
    },
  },
  "/connected-apps": {
    get: {
      summary: "List connected apps (OAuth grants), newest first",
      query: listConnectedAppsQuerySchema,
      ok: [200, connectedAppListSchema],
      errors: [400, 401, 403],
    },
  },
  "/connected-apps/{id}": {
    delete: {
      summary: "Revoke a connected app: its access tokens stop at once, its refresh tokens never work again",
      ok: [200, connectedAppSchema],
      errors: [401, 404],
    },
  },
  "/connected-apps/{id}/usage": {
    get: {
      summary: "A connected app's usage over 24h, 7d or 30d",
      query: usageQuerySchema,
      ok: [200, connectedAppUsageSchema],
      errors: [400, 401, 404],
    },
  },
  "/connected-apps/{id}/requests": {
    get: {
      summary: "A connected app's per-request log over all its access tokens, newest first",
      query: requestLogQuerySchema,
      ok: [200, connectedAppRequestLogSchema],
      errors: [400, 401, 404],
    },
  },
  "/organizations": {
    get: {
      summary: "The user's organizations, roles, and the current one",
      ok: [200, organizationListSchema],
      errors: [401],
    },
  },
  "/organizations/current": {
    put: {
      summary: "Act in another of the user's organizations",
      body: switchOrganizationSchema,
      ok: [200, organizationListSchema],
      errors: [400, 401, 404],
    },
  },
  "/organization/members": {
    get: { summary: "Members of the current organization", ok: [200, memberListSchema], errors: [401] },
  },
  "/organization/members/{userId}": {
    patch: {
      summary: "Change a member's role (owners)",
      body: changeRoleSchema,
      ok: [200, memberSchema],
      errors: [400, 401, 403, 404, 409],
    },
    delete: {
      summary: "Remove a member or leave; revokes their tokens and connected apps in the organization",
      ok: [200, removedMemberSchema],
      errors: [401, 403, 404, 409],
    },
  },
  "/organization/invitations": {
    get: { summary: "Invitations (owners and admins)", ok: [200, invitationListSchema], errors: [401, 403] },
    post: {
      summary: "Invite by e-mail address; the single-use link is in this response only",
      body: createInvitationSchema,
      ok: [201, invitationWithLinkSchema],
      errors: [400, 401, 403, 409],
    },
  },
  "/organization/invitations/{id}": {
    delete: { summary: "Revoke a pending invitation", ok: [200, invitationSchema], errors: [401, 403, 404] },
  },
  "/invitations/accept": {
    post: {
      summary: "Join the organization of an invitation link (as the invited address)",
      body: acceptInvitationSchema,
      ok: [200, acceptedInvitationSchema],
      errors: [400, 401, 403, 404, 409],
    },
  },
  "/organization/activity": {
    get: {
      summary: "Unusual-activity flags of the organization's tokens (owners and admins)",
      ok: [200, activityListSchema],
      errors: [401, 403],
    },
  },
  "/organization/webhook": {
    get: {
      summary: "The activity webhook and its delivery log (owners and admins)",
      ok: [200, webhookLogSchema],
      errors: [401, 403],
    },
    put: {
      summary: "Set or remove the activity webhook (owners); the signing secret is in this response only",
      body: webhookUpdateSchema,
      ok: [200, webhookSecretSchema],
      errors: [400, 401, 403],
    },
  },
  "/organization/policy": {
    get: { summary: "The organization's token policy", ok: [200, tokenPolicySchema], errors: [401] },
    put: {
      summary: "Set the token policy (owners); lists active tokens that exceed it",
      body: tokenPolicySchema,
      ok: [200, policyUpdateResultSchema],
      errors: [400, 401, 403],
    },
  },
  "/tokens/{id}/approve": {
    post: {
      summary: "Approve a member's pending token (owners and admins)",
      body: approvalDecisionSchema,
      ok: [200, tokenViewSchema],
      errors: [400, 401, 403, 404, 409],
    },
  },
  "/tokens/{id}/deny": {
    post: {
      summary: "Deny a member's pending token (owners and admins)",
      body: approvalDecisionSchema,
      ok: [200, tokenViewSchema],
      errors: [400, 401, 403, 404, 409],
    },
  },
  "/tokens/validate": {
    post: {
      summary: "Validate an API token sent as Bearer",
      auth: "apiToken",
      ok: [200, validateResponseSchema],
      errors: [400, 401],
    },
  },
};

export function openApiDocument(appUrl: string) {
  const paths = Object.fromEntries(
    Object.entries(routes).map(([path, methods]) => {
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      return [
        path,
        Object.fromEntries(Object.entries(methods).map(([method, op]) => [method, operation(op, pathParams)])),
      ];
    }),
  );
  return {
    openapi: "3.1.0" as const,
    info: { title: "Keyway API", version: "2.0.0", description: "API tokens for Keyway's MCP endpoint." },
    servers: [{ url: `${appUrl}/api/v2` }],
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
        userAccessToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "From POST /auth/token" },
        apiToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An API token" },
      },
    },
    paths,
  };
}

/** What GET /api/v2/openapi.json answers: an OpenAPI 3.1 document (its inside is generated above). */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.literal("3.1.0"),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
