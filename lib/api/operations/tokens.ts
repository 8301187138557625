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
} from "../../tokens/schemas";
import { defineOperation } from "./define";

// API tokens: issue, list, change, rotate, revoke, usage, approval and validation.

export const listTokens = defineOperation({
  method: "get",
  path: "/tokens",
  auth: "user",
  access: { role: "member" },
  summary: "List tokens, newest first",
  query: listTokensQuerySchema,
  ok: [200, tokenListSchema],
  errors: [400, 401, 403],
});

export const createToken = defineOperation({
  method: "post",
  path: "/tokens",
  auth: "user",
  access: { role: "member" },
  summary: "Create a token (the secret is returned once)",
  body: createTokenSchema,
  ok: [201, tokenWithSecretSchema],
  errors: [400, 401, 413],
});

export const getToken = defineOperation({
  method: "get",
  path: "/tokens/{id}",
  auth: "user",
  access: { role: "member" },
  summary: "A token's metadata",
  ok: [200, tokenViewSchema],
  errors: [401, 404],
});

export const updateToken = defineOperation({
  method: "patch",
  path: "/tokens/{id}",
  auth: "user",
  access: { role: "member" },
  summary: "Rename, change the rate limit, or narrow the scopes",
  body: updateTokenSchema,
  ok: [200, tokenViewSchema],
  errors: [400, 401, 404, 409],
});

export const revokeToken = defineOperation({
  method: "delete",
  path: "/tokens/{id}",
  auth: "user",
  access: { role: "member" },
  summary: "Revoke a token",
  ok: [200, tokenViewSchema],
  errors: [401, 404],
});

export const rotateToken = defineOperation({
  bodyOptional: true,
  method: "post",
  path: "/tokens/{id}/rotate",
  auth: "user",
  access: { role: "member" },
  summary: "Issue a successor; the old token stops at once or after the chosen overlap",
  body: rotateTokenSchema,
  ok: [201, rotatedTokenSchema],
  errors: [400, 401, 404, 409],
});

export const tokenUsage = defineOperation({
  method: "get",
  path: "/tokens/{id}/usage",
  auth: "user",
  access: { role: "member" },
  summary: "Usage over 24h, 7d or 30d",
  query: usageQuerySchema,
  ok: [200, tokenUsageSchema],
  errors: [400, 401, 404],
});

export const tokenRequests = defineOperation({
  method: "get",
  path: "/tokens/{id}/requests",
  auth: "user",
  access: { role: "member" },
  summary: "The per-request log: time, tool or method, outcome, MCP client and address, newest first",
  query: requestLogQuerySchema,
  ok: [200, tokenRequestLogSchema],
  errors: [400, 401, 404],
});

export const approveToken = defineOperation({
  bodyOptional: true,
  method: "post",
  path: "/tokens/{id}/approve",
  auth: "user",
  access: { role: "admin", to: "approve tokens" },
  summary: "Approve a member's pending token (owners and admins)",
  body: approvalDecisionSchema,
  ok: [200, tokenViewSchema],
  errors: [400, 401, 403, 404, 409],
});

export const denyToken = defineOperation({
  bodyOptional: true,
  method: "post",
  path: "/tokens/{id}/deny",
  auth: "user",
  access: { role: "admin", to: "deny tokens" },
  summary: "Deny a member's pending token (owners and admins)",
  body: approvalDecisionSchema,
  ok: [200, tokenViewSchema],
  errors: [400, 401, 403, 404, 409],
});

export const validateToken = defineOperation({
  method: "post",
  path: "/tokens/validate",
  summary: "Validate an API token sent as Bearer",
  auth: "apiToken",
  ok: [200, validateResponseSchema],
  errors: [400, 401],
});
