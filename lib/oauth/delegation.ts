import { decodeJwt } from "jose";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db/client";
import { DomainError } from "../errors";
import { metrics } from "../metrics/metrics";
import { expandScopes, normalizeScopes } from "../scopes";
import { issueToken } from "../tokens/issue-token";
import { delegationChain, MAX_DELEGATION_DEPTH } from "../tokens/delegation-chain";
import { tokenPolicy } from "../tokens/policy";
import { verifyApiTokenForAnyResource } from "../tokens/verify-token";
import { storedTools, toolListSchema } from "../upstream/tool-permissions";
import { single } from "./authorization";
import { AuthorizationServerError } from "./errors";
import { requireDpopUnder, tokenType } from "./grants";

// Delegation by token exchange (RFC 8693): the holder of a Keyway token (a person's agent, a
// service account's job) exchanges it for one that is narrower in scopes, tools or lifetime, for
// the same resource, to hand to a sub-agent or another process instead of its own. The new token
// carries an `act` claim naming the token it came from (nesting that one's own `act`), so the
// chain is visible to every verifier; it is refused whenever any token up the chain is (revoked,
// expired, its holder disabled: lib/tokens/verify-token.ts), and it never holds more than its
// original did. No refresh token: the holder exchanges again.

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

/** A delegated token lives an hour unless asked for less, and never past its original. */
const DEFAULT_LIFETIME_S = 60 * 60;

export type DelegatedResponse = {
  access_token: string;
  issued_token_type: "urn:ietf:params:oauth:token-type:access_token";
  token_type: "Bearer" | "DPoP";
  expires_in: number;
  scope: string;
};

const refused = (description: string) => new AuthorizationServerError("invalid_grant", description);

/** The `act` claim names a token as this subject: the issuer's own kind of name, never a person's address. */
export const actorName = (tokenId: string) => `token:${tokenId}`;

function askedLifetime(params: URLSearchParams): number {
  const asked = single(params, "expires_in");
  if (asked === null) return DEFAULT_LIFETIME_S;
  if (!/^[1-9]\d{0,9}$/.test(asked)) {
    throw new AuthorizationServerError("invalid_request", "expires_in must be a whole number of seconds.");
  }
  return Number(asked);
}

export async function delegate(
  subjectToken: string,
  params: URLSearchParams,
  clientAddress: string | null,
  dpop: { jkt: string } | null,
): Promise<DelegatedResponse> {
  if (single(params, "actor_token") !== null) {
    throw new AuthorizationServerError(
      "invalid_request",
      "actor_token is not taken: the new token's act claim names the token it is exchanged from.",
    );
  }
  let verified;
  try {
    verified = await verifyApiTokenForAnyResource(subjectToken);
  } catch (error) {
    if (error instanceof DomainError) throw refused(`The subject token is refused: ${error.message}.`);
    throw error;
  }
  const { principal, resource } = verified;
  // A bound token is handed on only by the holder of its key (RFC 9449 section 5, as for a refresh).
  if (principal.dpopJkt && dpop?.jkt !== principal.dpopJkt) {
    throw new AuthorizationServerError(
      "invalid_dpop_proof",
      "The subject token is bound to a DPoP key: send a DPoP proof made with it.",
    );
  }
  const asked = params.getAll("resource");
  if (asked.length > 1 || asked.some((value) => value.replace(/\/$/, "") !== resource)) {
    throw new AuthorizationServerError(
      "invalid_target",
      `A delegated token is for its original's resource, ${resource}.`,
    );
  }
  const original = await db().apiToken.findUniqueOrThrow({
    where: { id: principal.tokenId },
    include: { server: { select: { id: true, slug: true } } },
  });
  const chain = await delegationChain(original.delegatedFromId);
  if (chain.length + 1 > MAX_DELEGATION_DEPTH) {
    throw refused(`A token may be handed on at most ${MAX_DELEGATION_DEPTH} times.`);
  }

  // Never wider: the scopes asked must all be held (write holds read); absent, the same ones.
  const held = new Set(expandScopes(principal.scopes));
  const scopeParam = single(params, "scope");
  const words = scopeParam === null ? [...principal.scopes] : scopeParam.split(" ").filter(Boolean);
  const wider = words.filter((scope) => !held.has(scope as never));
  if (wider.length)
    throw new AuthorizationServerError("invalid_scope", `Not held by the subject token: ${wider.join(" ")}.`);
  const scopes = normalizeScopes(words);
  if (!scopes.length)
    throw new AuthorizationServerError("invalid_scope", "Name at least one scope the subject token holds.");

  const toolsParam = single(params, "tools");
  let tools = storedTools(original.tools);
  if (toolsParam !== null) {
    if (!original.server) {
      throw new AuthorizationServerError(
        "invalid_request",
        "tools narrows a token for a registered MCP server; a token for /mcp is narrowed by its scopes.",
      );
    }
    const parsed = toolListSchema.safeParse(toolsParam.split(" ").filter(Boolean));
    if (!parsed.success) throw new AuthorizationServerError("invalid_request", "tools must be MCP tool names.");
    const outside = tools === null ? [] : parsed.data.filter((tool) => !tools!.includes(tool));
    if (outside.length) throw new AuthorizationServerError("invalid_scope", `Tools not held: ${outside.join(" ")}.`);
    tools = parsed.data;
  }

  const policy = await tokenPolicy(original.orgId);
  requireDpopUnder(policy, dpop);
  const lifetimeMs = Math.min(askedLifetime(params) * 1000, original.expiresAt.getTime() - Date.now());
  if (lifetimeMs < 1000) throw refused("The subject token expires too soon to hand on.");
  // RFC 8693 section 4.1: the current actor, with the earlier ones nested inside.
  const parentAct = decodeJwt(subjectToken).act;
  const act: Record<string, unknown> = { sub: actorName(original.id) };
  if (parentAct && typeof parentAct === "object") act.act = parentAct;

  const { token, row } = await db().$transaction(async (tx) => {
    const issued = await issueToken(tx, {
      userId: original.userId,
      orgId: original.orgId,
      name: `${original.name} (delegated)`.slice(0, 100),
      scopes,
      lifetimeMs,
      rateLimitPerHour: original.rateLimitPerHour,
      allowedAddresses: original.allowedAddresses.split(" ").filter(Boolean),
      server: original.server,
      tools,
      dpopJkt: dpop?.jkt ?? null,
      delegation: { fromId: original.id, act },
    });
    await recordAuditEvent(tx, {
      clientAddress,
      orgId: original.orgId,
      actorUserId: original.userId,
      action: "token.delegated",
      targetType: "api_token",
      targetId: issued.row.id,
      metadata: {
        from: original.id,
        chain: [original.id, ...chain.map((link) => link.id)],
        scopes,
        ...(tools && { tools }),
        resource,
        expiresAt: issued.row.expiresAt.toISOString(),
      },
    });
    return issued;
  });
  metrics().oauthEvents.inc({ event: "issued" });
  return {
    access_token: token,
    issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
    token_type: tokenType(row.dpopJkt),
    expires_in: Math.floor((row.expiresAt.getTime() - Date.now()) / 1000),
    scope: scopes.join(" "),
  };
}
