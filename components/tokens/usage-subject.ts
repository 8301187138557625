import { connectedAppRequests, connectedAppUsage, tokenRequests, tokenUsage } from "@/lib/api/operations";

/** What a usage view is about: a personal token, or a connected app (all its access tokens). */
export type UsageSubject = { kind: "token" | "app"; id: string };

/** The operations that answer for each kind of subject (the same shapes under two paths). */
export const USAGE_OPERATIONS = {
  token: { usage: tokenUsage, requests: tokenRequests },
  app: { usage: connectedAppUsage, requests: connectedAppRequests },
} as const;
