import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { recordUserAction } from "../audit/record-audit-event";
import { urls } from "../urls";
import type { AccountUser } from "../auth/accounts";
import { signJwt, verifyJwt } from "../auth/jwt";
import { hashSecret } from "../auth/secret-hash";
import { config } from "../config";
import { db } from "../db/client";
import { normalizeScopes, SCOPES, type Scope } from "../scopes";
import { grantableTools } from "../tokens/issue-token";
import { appLifetimes, tokenPolicy } from "../tokens/policy";
import { managesOrganization, type Role } from "../auth/roles";
import type { Prisma, UpstreamServer } from "../db/types";
import { serverAtResource } from "../upstream/servers";
import { storedTools } from "../upstream/tool-permissions";
import { askForApproval, requireAppAllowed } from "./app-approvals";
import { resolveClient, type OAuthClientInfo } from "./clients";
import { AuthorizationServerError } from "./errors";
import { matchesRegisteredRedirect } from "./redirect-uris";

// The authorization endpoint (OAuth 2.1 section 4.1.1 with PKCE, RFC 8707 resource indicators,
// RFC 9207 `iss`). The request is checked in two stages, because the RFC forbids redirecting to a
// URI that is not known to belong to the client: problems with the client or the redirect URI
// are shown to the user (AuthorizationServerError thrown); every later problem goes back to the client.

export const CODE_LIFETIME_MS = 5 * 60_000;
const CONSENT_LIFETIME_SECONDS = 15 * 60;
const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function issuer(): string {
  return config().appUrl;
}

export function isMcpResource(value: string): boolean {
  return value === urls.mcp() || value === `${urls.mcp()}/`;
}

/**
 * The resource a grant is for (RFC 8707): Keyway's own /mcp, or an organization's upstream MCP
 * server served through Keyway. Its URL is the audience of what is issued under it.
 */
export type ResourceTarget = { url: string; server: UpstreamServer | null };

/** The scopes a resource serves: all of Keyway's at /mcp; at a server, those every call needs. */
export function resourceScopes(target: ResourceTarget): readonly Scope[] {
  return target.server ? normalizeScopes(config().mcpRequiredScopes) : SCOPES;
}

/** RFC 8707: at most one `resource`, /mcp when there is none; a server's only while it is registered. */
export async function requestedResource(params: URLSearchParams): Promise<ResourceTarget> {
  const resources = params.getAll("resource");
  if (resources.length > 1) throw new AuthorizationServerError("invalid_target", "Name one resource at a time.");
  const [value] = resources;
  if (value === undefined || isMcpResource(value)) return { url: urls.mcp(), server: null };
  const server = await serverAtResource(value);
  if (!server) {
    throw new AuthorizationServerError(
      "invalid_target",
      `${value} is not served here: the resources are ${urls.mcp()} and the MCP servers registered at ${urls.mcp()}/servers/{slug}.`,
    );
  }
  return { url: value.replace(/\/$/, ""), server };
}

/** The target a stored grant or code names, or null when its server has since been removed. */
export async function storedResource(url: string): Promise<ResourceTarget | null> {
  if (isMcpResource(url)) return { url: urls.mcp(), server: null };
  const server = await serverAtResource(url);
  return server ? { url, server } : null;
}

export type AuthorizationRequest = {
  resource: ResourceTarget;
  client: OAuthClientInfo;
  redirectUri: string;
  state: string | null;
  codeChallenge: string;
  scopes: Scope[];
  /** Scopes the client asked for that Keyway never grants through OAuth (shown, not granted). */
  refusedScopes: string[];
};

export type AuthorizationOutcome =
  { kind: "consent"; request: AuthorizationRequest } | { kind: "redirect"; location: string };

/** The redirect back to the client, always with `state` (when sent) and `iss` (RFC 9207). */
export function authorizationResponse(redirectUri: string, state: string | null, params: Record<string, string>) {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  if (state !== null) url.searchParams.set("state", state);
  url.searchParams.set("iss", issuer());
  return url.href;
}

/** A parameter given at most once (RFC 6749 sections 3.1 and 3.2); null when absent. */
export function single(params: URLSearchParams, name: string): string | null {
  const values = params.getAll(name);
  if (values.length > 1) throw new AuthorizationServerError("invalid_request", `${name} is given more than once.`);
  return values[0] ?? null;
}

/** A parameter given exactly once, and not empty. */
export function required(params: URLSearchParams, name: string): string {
  const value = single(params, name);
  if (!value) throw new AuthorizationServerError("invalid_request", `${name} is required.`);
  return value;
}

/** RFC 8707 for grants that reach Keyway's own /mcp only (an ID-JAG): at most one `resource`, that one. */
export function checkResource(params: URLSearchParams) {
  const resources = params.getAll("resource");
  if (resources.length > 1 || resources.some((resource) => !isMcpResource(resource))) {
    throw new AuthorizationServerError("invalid_target", `This grant reaches ${urls.mcp()} only.`);
  }
}

/**
 * Requested scopes: those the resource serves are kept; anything else (mcp:admin, openid, a
 * resource's foreign scopes, …) is never granted.
 */
export function requestedScopes(
  scope: string | null,
  served: readonly Scope[] = SCOPES,
): { scopes: Scope[]; refused: string[] } {
  if (scope === null || scope.trim() === "") return { scopes: [...served], refused: [] };
  const words = [...new Set(scope.split(" ").filter(Boolean))];
  const scopes = normalizeScopes(words).filter((word) => served.includes(word));
  const refused = words.filter((word) => !(scopes as string[]).includes(word));
  return { scopes, refused };
}

export async function checkAuthorizationRequest(params: URLSearchParams): Promise<AuthorizationOutcome> {
  // Stage 1: who is asking, and where the answer may go. Failures here are shown, never redirected.
  const client = await resolveClient(single(params, "client_id"));
  const redirectUri = single(params, "redirect_uri");
  if (!redirectUri) throw new AuthorizationServerError("invalid_request", "redirect_uri is required.");
  if (!matchesRegisteredRedirect(redirectUri, client.redirectUris)) {
    throw new AuthorizationServerError("invalid_request", "redirect_uri is not registered for this client.");
  }

  // Stage 2: everything else is answered at the client's redirect URI.
  let state: string | null = null;
  const back = (error: string, description: string): AuthorizationOutcome => ({
    kind: "redirect",
    location: authorizationResponse(redirectUri, state, { error, error_description: description }),
  });
  try {
    state = single(params, "state");
    if (state !== null && state.length > 2048) return back("invalid_request", "state is too long.");
    const responseType = single(params, "response_type");
    if (responseType !== "code") {
      return back("unsupported_response_type", "Only response_type=code is supported.");
    }
    const challenge = single(params, "code_challenge");
    const method = single(params, "code_challenge_method");
    if (!challenge)
      return back("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256.");
    if (method !== "S256") {
      return back("invalid_request", "Only code_challenge_method=S256 is supported (plain is not allowed).");
    }
    if (!CODE_CHALLENGE.test(challenge)) {
      return back("invalid_request", "code_challenge must be the base64url SHA-256 of the verifier (43 characters).");
    }
    const resource = await requestedResource(params);
    const { scopes, refused } = requestedScopes(single(params, "scope"), resourceScopes(resource));
    return {
      kind: "consent",
      request: { resource, client, redirectUri, state, codeChallenge: challenge, scopes, refusedScopes: refused },
    };
  } catch (error) {
    if (error instanceof AuthorizationServerError) return back(error.error, error.description);
    throw error;
  }
}

/** Where an app sends people back, as the consent page and the approval queue name it. */
export function redirectHostOf(redirectUri: string): string {
  return URL.parse(redirectUri)?.host || redirectUri.split(":")[0]!;
}

/** One scope as the consent page offers it. */
export type OfferedScope = { scope: Scope; checked: boolean; required: boolean; declinedBefore: boolean };

/**
 * What the consent page shows beside the request. It offers every scope the user may grant, not
 * only those asked for: a client asks for what a challenge named, which need not be all it will
 * use. Pre-ticked are the scopes asked for, those the app already holds (a step-up adds to them)
 * and those every /mcp call needs; the user may untick any but the last.
 */
export async function consentContext(user: AccountUser, request: AuthorizationRequest) {
  requireResourceOf(user, request.resource);
  await askForApproval(
    user,
    {
      clientId: request.client.id,
      clientName: request.client.name,
      redirectHost: redirectHostOf(request.redirectUri),
      scopes: request.scopes,
    },
    await tokenPolicy(user.orgId),
  );
  const [organization, grant, grantable] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: user.orgId }, select: { name: true } }),
    activeGrant(db(), {
      clientId: request.client.id,
      userId: user.id,
      orgId: user.orgId,
      serverId: request.resource.server?.id ?? null,
    }),
    grantableScopes(user, request.client.id, resourceScopes(request.resource)),
  ]);
  const held = new Set<string>(grant ? grant.scopes.split(" ") : []);
  const declined = new Set<string>(grant ? grant.declined.split(" ").filter(Boolean) : []);
  const required = new Set<string>(config().mcpRequiredScopes);
  // A scope the person declined for this app stays unticked when the app asks for it again (clients
  // re-ask on a step-up for all they first asked for): accepting as shown never grants it.
  const offered: OfferedScope[] = grantable.scopes.map((scope) => ({
    scope,
    checked: (request.scopes.includes(scope) && !declined.has(scope)) || held.has(scope) || required.has(scope),
    required: required.has(scope),
    declinedBefore: declined.has(scope) && !held.has(scope),
  }));
  const withheld = request.scopes.filter((scope) => !grantable.scopes.includes(scope));
  return {
    organization: organization.name,
    resource: request.resource.server
      ? {
          name: request.resource.server.name,
          url: request.resource.url,
          // What a member may narrow the app to (owners and admins: any tool).
          memberTools: managesOrganization(user) ? null : storedTools(request.resource.server.memberTools),
        }
      : null,
    firstTime: !grant,
    offered,
    withheld,
    lifetimes: appLifetimes(grantable.policy),
  };
}

/**
 * A server's grants are given in its organization only: the person consents there (switching to
 * it first when they belong to several).
 */
function requireResourceOf(user: { orgId: string }, resource: ResourceTarget) {
  if (resource.server && resource.server.orgId !== user.orgId) {
    throw new AuthorizationServerError(
      "access_denied",
      `${resource.url} is an MCP server of another organization: switch to that organization in Keyway, then connect again.`,
    );
  }
}

/** The app's one live grant for this user, organization and resource, if any (a step-up joins it). */
export function activeGrant(
  tx: Pick<Prisma.TransactionClient, "oAuthGrant">,
  where: { clientId: string; userId: string; orgId: string; serverId: string | null },
) {
  return tx.oAuthGrant.findFirst({ where: { ...where, revokedAt: null }, orderBy: { createdAt: "desc" } });
}

/**
 * What the organization's token policy lets this member grant an app: the same limits as a token
 * they make themselves. Members grant only the members' scopes, and no write scope when those wait
 * for approval (an app cannot wait for an admin); an organization that requires client address
 * lists on every token cannot connect apps at all, nor can anyone connect an app the policy does
 * not allow (./app-approvals.ts). Checked at consent, at the code exchange and at every refresh,
 * so a policy change reaches apps already connected.
 */
export async function grantableScopes(
  member: { orgId: string; role: Role },
  clientId: string,
  requested: readonly Scope[],
) {
  const policy = await tokenPolicy(member.orgId);
  await requireAppAllowed(db(), member.orgId, clientId, policy);
  if (policy.requireAllowedAddresses) {
    throw new AuthorizationServerError(
      "access_denied",
      "Your organization requires every token to list the client addresses it may be used from, which apps connected this way cannot; ask an owner.",
    );
  }
  const scopes = requested.filter(
    (scope) =>
      member.role !== "member" ||
      ((policy.memberScopes === null || policy.memberScopes.includes(scope)) &&
        !(policy.approvalForWrite && scope.startsWith("write:"))),
  );
  return { scopes, policy };
}

// The consent form carries the checked request, signed and bound to the user, so the decision
// cannot change the client, redirect URI or challenge, nor be replayed by someone else.
const consentAudience = () => `${config().appUrl}/oauth/consent`;

export function consentTicket(user: AccountUser, request: AuthorizationRequest): Promise<string> {
  return signJwt(
    {
      client_id: request.client.id,
      redirect_uri: request.redirectUri,
      state: request.state,
      code_challenge: request.codeChallenge,
      scopes: request.scopes,
      resource: request.resource.url,
      org: user.orgId,
    },
    {
      audience: consentAudience(),
      subject: user.id,
      expiresAt: new Date(Date.now() + CONSENT_LIFETIME_SECONDS * 1000),
    },
  );
}

type Ticket = {
  client_id: string;
  redirect_uri: string;
  state: string | null;
  code_challenge: string;
  scopes: Scope[];
  resource?: string;
  org: string;
};

/** The user's answer on the consent page: where to send the browser next. */
export async function decideConsent(
  user: AccountUser,
  input: { ticket: string; allow: boolean; scopes: string[]; tools?: string[] },
): Promise<string> {
  const verified = await verifyJwt(input.ticket, consentAudience());
  if (!verified.ok || verified.payload.sub !== user.id) {
    throw new AuthorizationServerError(
      "invalid_request",
      "This consent form has expired or belongs to another session; start again from the app.",
    );
  }
  const ticket = verified.payload as unknown as Ticket;
  if (ticket.org !== user.orgId)
    throw new AuthorizationServerError("invalid_request", "The organization changed; start again from the app.");
  const client = await resolveClient(ticket.client_id);
  if (!input.allow) {
    await db().$transaction((tx) =>
      recordUserAction(tx, user, {
        action: "oauth.consent_denied",
        targetType: "oauth_client",
        targetId: client.id,
        metadata: { client: client.name },
      }),
    );
    return authorizationResponse(ticket.redirect_uri, ticket.state, {
      error: "access_denied",
      error_description: "The user denied access.",
    });
  }
  // A form issued before resources were recorded in it was for /mcp.
  const resource = await storedResource(ticket.resource ?? urls.mcp());
  if (!resource)
    throw new AuthorizationServerError("invalid_request", "This MCP server was removed; start again from the app.");
  requireResourceOf(user, resource);
  // The user chooses among what they may grant; the scopes every /mcp call needs are always in.
  const { scopes: grantable } = await grantableScopes(user, client.id, resourceScopes(resource));
  const required = config().mcpRequiredScopes;
  const chosen = normalizeScopes([...input.scopes, ...required].filter((scope) => grantable.includes(scope as Scope)));
  if (input.tools && !resource.server) {
    throw new AuthorizationServerError(
      "invalid_request",
      "tools narrow an app's access to one of your organization's MCP servers; this app asked for Keyway's own.",
    );
  }
  const code = randomBytes(32).toString("base64url");
  await db().$transaction(async (tx) => {
    // What the person declined: what this app asked and was left unticked, with what they declined
    // before and did not grant now.
    const before = await activeGrant(tx, {
      clientId: client.id,
      userId: user.id,
      orgId: user.orgId,
      serverId: resource.server?.id ?? null,
    });
    const declined = [...new Set([...ticket.scopes, ...(before?.declined.split(" ").filter(Boolean) ?? [])])]
      .filter((scope) => !chosen.includes(scope as Scope))
      .join(" ");
    // The tools the person chose, within what they may grant (refused here, not at the exchange).
    const tools = resource.server
      ? await grantableTools(tx, { userId: user.id, orgId: user.orgId }, resource.server.id, input.tools ?? null)
      : null;
    await tx.oAuthCode.create({
      data: {
        id: hashSecret(code),
        clientId: client.id,
        userId: user.id,
        orgId: user.orgId,
        redirectUri: ticket.redirect_uri,
        codeChallenge: ticket.code_challenge,
        scopes: chosen.join(" "),
        resource: resource.url,
        tools,
        declined,
        expiresAt: new Date(Date.now() + CODE_LIFETIME_MS),
      },
    });
    await recordUserAction(tx, user, {
      action: "oauth.consent_granted",
      targetType: "oauth_client",
      targetId: client.id,
      metadata: {
        client: client.name,
        kind: client.kind,
        scopes: chosen,
        redirectUri: ticket.redirect_uri,
        ...(resource.server && { resource: resource.url }),
        ...(tools !== null && { tools: tools.split(" ") }),
      },
    });
  });
  return authorizationResponse(ticket.redirect_uri, ticket.state, { code });
}

/** PKCE S256 (RFC 7636 section 4.6), compared in constant time. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const computed = Buffer.from(createHash("sha256").update(verifier).digest("base64url"));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
