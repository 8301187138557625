import { usageQuerySchema, requestLogQuerySchema } from "../../tokens/schemas";
import {
  connectedAppListSchema,
  connectedAppSchema,
  connectedAppUsageSchema,
  connectedAppRequestLogSchema,
  listConnectedAppsQuerySchema,
} from "../../oauth/schemas";
import { defineOperation } from "./define";

// OAuth apps connected to Keyway, their usage and revocation.

export const listConnectedApps = defineOperation({
  method: "get",
  path: "/connected-apps",
  auth: "user",
  access: { role: "member" },
  summary: "List connected apps (OAuth grants), newest first",
  query: listConnectedAppsQuerySchema,
  ok: [200, connectedAppListSchema],
  errors: [400, 401, 403],
});

export const revokeConnectedApp = defineOperation({
  method: "delete",
  path: "/connected-apps/{id}",
  auth: "user",
  access: { role: "member" },
  summary: "Revoke a connected app: its access tokens stop at once, its refresh tokens never work again",
  ok: [200, connectedAppSchema],
  errors: [401, 404],
});

export const connectedAppUsage = defineOperation({
  method: "get",
  path: "/connected-apps/{id}/usage",
  auth: "user",
  access: { role: "member" },
  summary: "A connected app's usage over 24h, 7d or 30d",
  query: usageQuerySchema,
  ok: [200, connectedAppUsageSchema],
  errors: [400, 401, 404],
});

export const connectedAppRequests = defineOperation({
  method: "get",
  path: "/connected-apps/{id}/requests",
  auth: "user",
  access: { role: "member" },
  summary: "A connected app's per-request log over all its access tokens, newest first",
  query: requestLogQuerySchema,
  ok: [200, connectedAppRequestLogSchema],
  errors: [400, 401, 404],
});
