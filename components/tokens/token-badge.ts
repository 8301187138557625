import type { TokenView } from "@/lib/tokens/schemas";

/** What a token's badge says: a token /mcp refuses is never shown as active, whatever its expiry. */
export function tokenBadge(token: Pick<TokenView, "status" | "approval">): string {
  if (token.status !== "active" || token.approval === "approved") return token.status;
  return token.approval === "pending" ? "awaiting approval" : "denied";
}
