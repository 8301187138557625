"use client";

import Link from "next/link";
import { Alert } from "@/components/ui";
import { listTokens } from "@/lib/api/operations";
import { calendarDate, expiresSoon } from "@/lib/client/format";
import { useApiLoad } from "@/lib/client/use-api-load";

/**
 * Ahead of time, in the console: the person's own active tokens that stop within a week, soonest
 * first, each linked to its page (where it can be rotated before its clients are cut off).
 */
export function ExpiryReminder() {
  const soonest = useApiLoad(listTokens, { query: { scope: "mine", status: "active", sort: "expires", limit: 5 } });
  const expiring = (soonest.data?.tokens ?? []).filter((token) => expiresSoon(token.expiresAt));
  if (expiring.length === 0) return null;
  return (
    <Alert tone="warning">
      <p data-testid="expiry-reminder">
        {expiring.length === 1 ? "A token of yours stops" : `${expiring.length} tokens of yours stop`} within a week:{" "}
        {expiring.map((token, index) => (
          <span key={token.id} suppressHydrationWarning>
            {index > 0 && ", "}
            <Link href={`/tokens/${encodeURIComponent(token.id)}`} className="font-medium underline">
              {token.name}
            </Link>{" "}
            ({calendarDate(token.expiresAt)})
          </span>
        ))}
        . Rotate them before their clients are cut off.
      </p>
    </Alert>
  );
}
