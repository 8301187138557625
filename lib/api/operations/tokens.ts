import { z } from "zod";
import {
  approvalDecisionSchema,
  createTokenSchema,
  listTokensQuerySchema,
  rotateTokenSchema,
  rotatedTokenSchema,
  tokenListSchema,
  tokenUsageSchema,
  tokenViewSchema,
  tokenDetailsSchema,
  revokeTokensSchema,
  revokedTokensSchema,
  tokenWithSecretSchema,
  updateTokenSchema,
  usageQuerySchema,
  requestLogQuerySchema,
  tokenRequestLogSchema,
  validateResponseSchema,
  exportTokensQuerySchema,
  usageOverviewQuerySchema,
  usageOverviewSchema,
  requestOverviewQuerySchema,
  requestOverviewSchema,
  leakVerdictsSchema,
  leakReportSchema,
  leakOutcomeSchema,
} from "../../tokens/schemas";
import { defineOperation } from "./define";

// API tokens: issue, list, change, rotate, revoke, usage, approval and validation.

export const listTokens = defineOperation("get /tokens", {
  access: { role: "member" },
  summary: "List tokens, newest first",
  query: listTokensQuerySchema,
  ok: [200, tokenListSchema],
});

export const exportTokens = defineOperation("get /tokens/export", {
  access: { role: "member" },
  summary: "Export the token list (with the list's filters and order) as CSV or JSON Lines",
  query: exportTokensQuerySchema,
  ok: [200, z.string()],
  produces: ["text/csv", "application/jsonl"],
});

export const createToken = defineOperation("post /tokens", {
  access: { role: "member" },
  summary: "Create a token (the secret is returned once)",
  body: createTokenSchema,
  ok: [201, tokenWithSecretSchema],
});

export const getToken = defineOperation("get /tokens/{id}", {
  access: { role: "member" },
  summary: "A token's metadata, with the secrets it replaced by rotation",
  ok: [200, tokenDetailsSchema],
});

export const updateToken = defineOperation("patch /tokens/{id}", {
  access: { role: "member" },
  summary: "Rename, change the rate limit, or narrow the scopes",
  body: updateTokenSchema,
  ok: [200, tokenViewSchema],
  errors: [409],
});

export const revokeToken = defineOperation("delete /tokens/{id}", {
  access: { role: "member" },
  summary: "Revoke a token",
  ok: [200, tokenViewSchema],
});

export const revokeTokens = defineOperation("post /tokens/revoke", {
  access: { role: "member" },
  summary: "Revoke several tokens at once; if any of them is not the caller's to revoke, none is",
  body: revokeTokensSchema,
  ok: [200, revokedTokensSchema],
});

export const rotateToken = defineOperation("post /tokens/{id}/rotate", {
  bodyOptional: true,
  access: { role: "member" },
  summary: "Issue a successor; the old token stops at once or after the chosen overlap",
  body: rotateTokenSchema,
  ok: [201, rotatedTokenSchema],
  errors: [409],
});

export const tokenUsage = defineOperation("get /tokens/{id}/usage", {
  access: { role: "member" },
  summary: "Usage over 24h, 7d or 30d",
  query: usageQuerySchema,
  ok: [200, tokenUsageSchema],
});

export const tokenRequests = defineOperation("get /tokens/{id}/requests", {
  access: { role: "member" },
  summary: "The per-request log: time, tool or method, outcome, MCP client and address, newest first",
  query: requestLogQuerySchema,
  ok: [200, tokenRequestLogSchema],
});

export const usageOverview = defineOperation("get /usage", {
  access: { role: "member" },
  summary: "Usage of every token in scope over 24h, 7d or 30d: totals, over time, by tool and the busiest tokens",
  query: usageOverviewQuerySchema,
  ok: [200, usageOverviewSchema],
});

export const requestOverview = defineOperation("get /requests", {
  access: { role: "member" },
  summary: "The per-request log of every token in scope, newest first, filtered by outcome or tool",
  query: requestOverviewQuerySchema,
  ok: [200, requestOverviewSchema],
});

export const approveToken = defineOperation("post /tokens/{id}/approve", {
  bodyOptional: true,
  access: { role: "admin", to: "approve tokens" },
  summary: "Approve a member's pending token (owners and admins)",
  body: approvalDecisionSchema,
  ok: [200, tokenViewSchema],
  errors: [409],
});

export const denyToken = defineOperation("post /tokens/{id}/deny", {
  bodyOptional: true,
  access: { role: "admin", to: "deny tokens" },
  summary: "Deny a member's pending token (owners and admins)",
  body: approvalDecisionSchema,
  ok: [200, tokenViewSchema],
  errors: [409],
});

export const validateToken = defineOperation("post /tokens/validate", {
  summary: "Validate an API token sent as Bearer",
  auth: "apiToken",
  ok: [200, validateResponseSchema],
  errors: [400],
});

export const githubLeakReport = defineOperation("post /secret-scanning/github", {
  summary:
    "GitHub's secret-scanning partner endpoint: a JSON array of {token, type, url, source} signed by GitHub (Github-Public-Key-Identifier, Github-Public-Key-Signature: ECDSA P-256 SHA-256 of the raw body); every Keyway secret in it stops at once",
  auth: "none",
  ok: [200, leakVerdictsSchema],
  errors: [400, 403, 413],
});

export const reportLeak = defineOperation("post /secret-scanning/report", {
  summary: "Report a Keyway secret you found: holding it is proof enough, and it stops at once",
  auth: "none",
  body: leakReportSchema,
  ok: [200, leakOutcomeSchema],
});
