import {
  connectedAppRequests,
  connectedAppUsage,
  requestOverview,
  tokenRequests,
  tokenUsage,
  usageOverview,
} from "@/lib/api/operations";
import type { TokenScope } from "@/lib/tokens/schemas";

/**
 * What a usage view is about: a personal token, a connected app (all its access tokens), or all
 * the tokens in a scope (one's own, or the organization's) as an overview.
 */
export type UsageSubject = { kind: "token" | "app"; id: string } | { kind: "all"; scope: TokenScope };

/** The operations that answer for one token or app (the same shapes under two paths). */
export const USAGE_OPERATIONS = {
  token: { usage: tokenUsage, requests: tokenRequests },
  app: { usage: connectedAppUsage, requests: connectedAppRequests },
} as const;

/** The overview's operations, over every token in a scope. */
export const OVERVIEW_OPERATIONS = { usage: usageOverview, requests: requestOverview } as const;

/** The operations of one subject; an overview's are its own, so either pair is asked with its own arguments. */
export const oneOf = (subject: UsageSubject) => USAGE_OPERATIONS[subject.kind === "all" ? "token" : subject.kind];
