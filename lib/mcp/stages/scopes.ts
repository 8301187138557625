import { challengeOf, statusOf } from "../../api/errors";
import { DomainError } from "../../errors";
import { metrics } from "../../metrics/metrics";
import type { Principal } from "../../tokens/verify-token";
import { toolScopeRefusal, type ScopeRefusal } from "../server";
import type { Admitted } from "./admitted";
import { idOf, jsonRpcError, jsonRpcErrorResponse } from "./json-rpc";

// Stage 5: scopes, decided once per call, before any tool runs.

/** Keyway's JSON-RPC code for a call the token's scopes do not allow. */
export const INSUFFICIENT_SCOPE_CODE = -32003;

/** The scope refusal of every `tools/call` the body carries, by JSON-RPC id. */
export function scopeRefusals(principal: Principal, calls: readonly unknown[]): Map<string | number, ScopeRefusal> {
  const refusals = new Map<string | number, ScopeRefusal>();
  for (const call of calls) {
    const m = call as { method?: unknown; params?: { name?: unknown } } | null;
    const id = idOf(call);
    if (m?.method !== "tools/call" || typeof m.params?.name !== "string" || id === null) continue;
    const refusal = toolScopeRefusal(principal, m.params.name);
    if (refusal) refusals.set(id, refusal);
  }
  return refusals;
}

/**
 * At an upstream server, the `tools/call`s a token narrowed to named tools may not make, by
 * JSON-RPC id: no scope would allow them, the token would have to name the tool.
 */
export function toolRefusals(principal: Principal, calls: readonly unknown[]): Map<string | number, ScopeRefusal> {
  const refusals = new Map<string | number, ScopeRefusal>();
  if (principal.tools === null) return refusals;
  for (const call of calls) {
    const m = call as { method?: unknown; params?: { name?: unknown } } | null;
    const id = idOf(call);
    if (m?.method !== "tools/call" || typeof m.params?.name !== "string" || id === null) continue;
    if (principal.tools.has(m.params.name)) continue;
    refusals.set(id, {
      tool: m.params.name,
      missing: [],
      message: `Permission denied: this token may not call ${m.params.name}; it names the tools it may call (${[...principal.tools].join(", ") || "none"}).`,
    });
  }
  return refusals;
}

/**
 * A single `tools/call` the token may not make is answered before it runs, in a way both kinds of
 * client can use: HTTP 403 with an RFC 6750 `insufficient_scope` challenge naming the scopes the
 * call lacks and the resource metadata, so an OAuth client can step up (since 2026-07-28 the client
 * adds them to what it holds, and Keyway's authorization server adds them to the app's one grant
 * for older clients that do not), and a JSON-RPC error that names them too, which is what a client
 * holding a pasted token shows its user. Inside a batch, the tool answers with the same refusal.
 */
export function stepUpResponse(admitted: Admitted, message: unknown): Response | null {
  const id = idOf(message);
  const refusal = id === null ? undefined : admitted.refusals.get(id);
  if (!refusal) return null;
  const scope = refusal.missing.join(" ") || undefined;
  const challenge = challengeOf(
    new DomainError("insufficient_scope", refusal.message, {
      credential: "api_token",
      scope,
      resourceMetadata: admitted.resource.metadataUrl,
    }),
    statusOf("insufficient_scope"),
  )!;
  const body = jsonRpcError(
    id,
    INSUFFICIENT_SCOPE_CODE,
    refusal.message,
    refusal.missing.length ? { requiredScopes: refusal.missing } : { tool: refusal.tool },
  );
  admitted.ledger.settle(0, "denied", {
    label: refusal.tool,
    status: statusOf("insufficient_scope"),
    reason: refusal.message,
  });
  metrics().mcpRefusals.inc({ reason: "scope" });
  return jsonRpcErrorResponse(statusOf("insufficient_scope"), body, {
    ...admitted.headers,
    "WWW-Authenticate": challenge,
  });
}
