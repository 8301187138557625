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

export const listConnectedApps = defineOperation("get /connected-apps", {
  access: { role: "member" },
  summary: "List connected apps (OAuth grants), newest first",
  query: listConnectedAppsQuerySchema,
  ok: [200, connectedAppListSchema],
});

export const revokeConnectedApp = defineOperation("delete /connected-apps/{id}", {
  access: { role: "member" },
  summary: "Revoke a connected app: its access tokens stop at once, its refresh tokens never work again",
  ok: [200, connectedAppSchema],
});

export const connectedAppUsage = defineOperation("get /connected-apps/{id}/usage", {
  access: { role: "member" },
  summary: "A connected app's usage over 24h, 7d or 30d",
  query: usageQuerySchema,
  ok: [200, connectedAppUsageSchema],
});

export const connectedAppRequests = defineOperation("get /connected-apps/{id}/requests", {
  access: { role: "member" },
  summary: "A connected app's per-request log over all its access tokens, newest first",
  query: requestLogQuerySchema,
  ok: [200, connectedAppRequestLogSchema],
});
