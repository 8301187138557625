import { randomUUID } from "node:crypto";
import { audiences, signJwt } from "../auth/jwt";
import type { Prisma } from "../db/types";
import { DAY_MS } from "../time";
import { normalizeScopes, type Scope } from "../scopes";
import { hashSecret, tokenHint } from "../auth/secret-hash";
import { managesOrganization, type Role } from "../auth/roles";
import { DomainError } from "../errors";
import { storedTools, toolsWithin } from "../upstream/tool-permissions";
import { nameKey, WITH_HOLDER } from "./token-view";

export type TokenSpec = {
  userId: string;
  orgId: string;
  name: string;
  scopes: readonly Scope[];
  /** How long the token lives (whole seconds in the JWT). */
  lifetimeMs: number;
  rateLimitPerHour: number;
  rotatedFromId?: string;
  /** Client addresses and CIDR ranges it may be used from; none or empty: anywhere. */
  allowedAddresses?: readonly string[];
  /** Waiting for an owner's or admin's approval (the organization's policy), with the member's reason. */
  pendingApproval?: { reason: string | null };
  /** The OAuth grant an access token is issued under; personal tokens have none. */
  grantId?: string;
  /** The service account's client an access token was issued to (client credentials). */
  serviceClientId?: string;
  /** The upstream MCP server the token is for (its audience); none: Keyway's own /mcp. */
  server?: { id: string; slug: string } | null;
  /** The server's tools it may call; none: every tool the holder may grant (lib/upstream/tool-permissions.ts). */
  tools?: readonly string[] | null;
  description?: string;
  /** The person who made it (a personal token's or a service account's); none for what OAuth issues. */
  createdById?: string | null;
  /** RFC 9449: the thumbprint of the DPoP key an OAuth access token is bound to (`cnf.jkt`). */
  dpopJkt?: string | null;
  /** The trust policy a workload's token was issued under, and the workload's identifying claims. */
  trustPolicyId?: string;
  workload?: Record<string, string>;
  /** RFC 8693 delegation: the token this one is exchanged from, and the `act` claim naming the chain. */
  delegation?: { fromId: string; act: Record<string, unknown> };
};

/**
 * The tools of a server a person may give a token or an app, stored space-separated (null: every
 * tool): what was asked, within the person's limit, as every path that issues a token (and the
 * consent page) must keep it. Members may grant only the server's `memberTools`, when set; owners
 * and admins any.
 */
export async function grantableTools(
  tx: Prisma.TransactionClient,
  holder: { userId: string; orgId: string },
  serverId: string,
  asked: readonly string[] | null,
): Promise<string | null> {
  const server = await tx.upstreamServer.findUniqueOrThrow({
    where: { id: serverId },
    select: { name: true, memberTools: true },
  });
  const membership = await tx.membership.findUnique({
    where: { userId_orgId: { userId: holder.userId, orgId: holder.orgId } },
    select: { role: true },
  });
  const limit =
    membership && managesOrganization({ role: membership.role as Role }) ? null : storedTools(server.memberTools);
  const within = toolsWithin(asked, limit);
  if ("outside" in within) {
    const message = `members may grant only ${limit!.join(", ")} of ${server.name}; not ${within.outside.join(", ")}`;
    throw new DomainError("forbidden", `tools: ${message}.`, { fields: { tools: [message] } });
  }
  return within.tools?.join(" ") ?? null;
}

/**
 * Signs a new API token and stores its metadata and hash. The id is the JWT's `jti`, so the
 * verifier finds the row by primary key. The secret is returned here and nowhere else, with the
 * resource (its audience) clients connect to with it.
 */
export async function issueToken(tx: Prisma.TransactionClient, spec: TokenSpec) {
  const id = randomUUID();
  // createdAt keeps milliseconds (it orders lists); iat and exp are whole seconds, as JWTs have them.
  const createdAt = new Date();
  const issuedAt = new Date(Math.floor(createdAt.getTime() / 1000) * 1000);
  const expiresAt = new Date(issuedAt.getTime() + spec.lifetimeMs);
  const scopes = normalizeScopes(spec.scopes);
  const tools = spec.server ? await grantableTools(tx, spec, spec.server.id, spec.tools ?? null) : null;
  const audience = spec.server ? audiences.server(spec.server.slug) : audiences.mcp();
  // `scopes` (Keyway's array) and the standard `scope` (RFC 9068 section 2.2.3, space-separated),
  // which stock verifiers read: FastMCP's JWTVerifier finds no scopes in a token without it.
  const token = await signJwt(
    {
      org: spec.orgId,
      scopes,
      scope: scopes.join(" "),
      ...(spec.dpopJkt && { cnf: { jkt: spec.dpopJkt } }),
      ...(spec.delegation && { act: spec.delegation.act }),
    },
    { audience, subject: spec.userId, jti: id, issuedAt, expiresAt },
  );
  const row = await tx.apiToken.create({
    data: {
      id,
      name: spec.name,
      nameKey: nameKey(spec.name),
      description: spec.description ?? "",
      createdById: spec.createdById ?? null,
      userId: spec.userId,
      orgId: spec.orgId,
      tokenHash: hashSecret(token),
      hint: tokenHint(token),
      scopes: scopes.join(" "),
      rateLimitPerHour: spec.rateLimitPerHour,
      createdAt,
      expiresAt,
      rotatedFromId: spec.rotatedFromId ?? null,
      grantId: spec.grantId ?? null,
      serviceClientId: spec.serviceClientId ?? null,
      serverId: spec.server?.id ?? null,
      tools,
      allowedAddresses: (spec.allowedAddresses ?? []).join(" "),
      dpopJkt: spec.dpopJkt ?? null,
      trustPolicyId: spec.trustPolicyId ?? null,
      workload: spec.workload ? JSON.stringify(spec.workload) : null,
      delegatedFromId: spec.delegation?.fromId ?? null,
      ...(spec.pendingApproval && { approval: "pending", approvalReason: spec.pendingApproval.reason }),
    },
    include: WITH_HOLDER,
  });
  return { row, token, resource: audience };
}

export function daysBetween(from: Date, to: Date): number {
  return Math.min(365, Math.max(1, Math.round((to.getTime() - from.getTime()) / DAY_MS)));
}
