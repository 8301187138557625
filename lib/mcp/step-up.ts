import { challengeOf, statusOf } from "../api/errors";
import { DomainError } from "../errors";
import { metrics } from "../metrics/metrics";
import type { Principal } from "../tokens/verify-token";
import type { CallLedger } from "./call-ledger";
import { idOf, jsonRpcError, jsonRpcErrorResponse } from "./json-rpc";
import { scopeRefusal } from "./server";

/** Keyway's JSON-RPC code for a call the token's scopes do not allow. */
export const INSUFFICIENT_SCOPE_CODE = -32003;

/**
 * A `tools/call` the token may not make is answered before it runs, in a way both kinds of client
 * can use: HTTP 403 with an RFC 6750 `insufficient_scope` challenge naming the scopes the call
 * lacks and the resource metadata, so an OAuth client can step up (since 2026-07-28 the client
 * adds them to what it holds, and Keyway's authorization server adds them to the app's one grant
 * for older clients that do not), and whose text is what the client shows; and a JSON-RPC error
 * that names them too, which is what a client holding a pasted token shows its user. The refusal
 * is settled in the ledger as a denial. Null when the call is allowed (or is no tool call).
 */
export function stepUpResponse(
  principal: Principal,
  message: unknown,
  headers: Record<string, string>,
  ledger: CallLedger,
): Response | null {
  const refusal = scopeRefusal(principal, message);
  if (!refusal) return null;
  const scope = refusal.missing.join(" ");
  const challenge = challengeOf(
    new DomainError("insufficient_scope", refusal.message, { credential: "api_token", scope }),
    statusOf("insufficient_scope"),
  )!;
  const body = jsonRpcError(idOf(message), INSUFFICIENT_SCOPE_CODE, refusal.message, {
    requiredScopes: refusal.missing,
  });
  ledger.settle(0, "denied", refusal.tool);
  metrics().mcpRefusals.inc({ reason: "scope" });
  return jsonRpcErrorResponse(statusOf("insufficient_scope"), body, { ...headers, "WWW-Authenticate": challenge });
}
