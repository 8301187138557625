import { recordUserAction } from "../audit/record-audit-event";
import type { AccountUser } from "../auth/accounts";
import { audiences } from "../auth/jwt";
import { config } from "../config";
import { urls } from "../urls";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { storeVersion } from "../db/sqlite-reader";
import type { Prisma, UpstreamServer } from "../db/types";
import { narrowedTo, storedTools } from "./tool-permissions";
import { DomainError } from "../errors";
import { upstreamPolicy, upstreamUrlProblem } from "../net/upstream-policy";
import { seal, unseal } from "../auth/sealed";
import { callerIdentity, type Caller } from "./caller-identity";
import { SLUG, type RegisterServer, type ServerView, type UpdateServer, type UpstreamAuth } from "./schemas";

// An organization's own MCP servers, registered with Keyway (owners and admins) and served at
// APP_URL/mcp/servers/{slug} through the same gate as /mcp (lib/mcp/gate.ts), each a protected
// resource of its own: its tokens name it as their audience and reach nothing else.

let policy: ReturnType<typeof upstreamPolicy> | undefined;
export const allowedUpstreams = () => (policy ??= upstreamPolicy(config().upstreamAllowed));

function toServerView(server: UpstreamServer): ServerView {
  return {
    id: server.id,
    name: server.name,
    slug: server.slug,
    url: server.url,
    resource: audiences.server(server.slug),
    auth:
      server.authMode === "header"
        ? { mode: "header", header: server.authHeader ?? "" }
        : { mode: server.authMode === "identity" ? "identity" : "none" },
    memberTools: storedTools(server.memberTools),
    createdAt: server.createdAt.toISOString(),
  };
}

/** The organization's servers: every member sees them, to make tokens for them. */
export async function listServers(user: AccountUser) {
  const servers = await db().upstreamServer.findMany({ where: { orgId: user.orgId }, orderBy: { createdAt: "asc" } });
  return { servers: servers.map(toServerView) };
}

async function requireAllowedUrl(url: string) {
  const problem = await upstreamUrlProblem(new URL(url), allowedUpstreams());
  if (problem) throw new DomainError("validation_error", `url: ${problem}`, { fields: { url: [problem] } });
}

/** The stored form of how Keyway authenticates to a server: a header's value sealed. */
async function authColumns(auth: UpstreamAuth) {
  return auth.mode === "header"
    ? { authMode: "header", authHeader: auth.header, authSecret: await seal("upstream-secret", { value: auth.value }) }
    : { authMode: auth.mode, authHeader: null, authSecret: null };
}

export async function registerServer(user: AccountUser, input: RegisterServer): Promise<ServerView> {
  await requireAllowedUrl(input.url);
  const auth = await authColumns(input.auth);
  try {
    return await db().$transaction(async (tx) => {
      const server = await tx.upstreamServer.create({
        data: {
          orgId: user.orgId,
          name: input.name,
          slug: input.slug,
          url: input.url,
          createdById: user.id,
          memberTools: input.memberTools?.join(" ") ?? null,
          ...auth,
        },
      });
      await recordUserAction(tx, user, {
        action: "server.registered",
        targetType: "upstream_server",
        targetId: server.id,
        metadata: { name: server.name, slug: server.slug, url: server.url, auth: server.authMode },
      });
      return toServerView(server);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", `The slug ${input.slug} is taken; choose another.`);
    throw error;
  }
}

/** Changes a server's name, URL or how Keyway authenticates to it (owners and admins). */
export async function updateServer(user: AccountUser, id: string, input: UpdateServer): Promise<ServerView> {
  if (input.url) await requireAllowedUrl(input.url);
  const auth = input.auth && (await authColumns(input.auth));
  return db().$transaction(async (tx) => {
    const server = await tx.upstreamServer.findFirst({ where: { id, orgId: user.orgId } });
    if (!server) throw new DomainError("not_found", "No such server in your organization.");
    const updated = await tx.upstreamServer.update({
      where: { id },
      data: {
        ...(input.name && { name: input.name }),
        ...(input.url && { url: input.url }),
        ...(input.memberTools !== undefined && { memberTools: input.memberTools?.join(" ") ?? null }),
        ...auth,
      },
    });
    if (input.memberTools) await narrowMembersTokens(tx, updated, input.memberTools);
    await recordUserAction(tx, user, {
      action: "server.updated",
      targetType: "upstream_server",
      targetId: id,
      // What changed, never a secret: a new header value shows as the header's name.
      metadata: {
        ...(input.name && { name: input.name }),
        ...(input.url && { url: input.url }),
        ...(input.auth && {
          auth: input.auth.mode,
          ...(input.auth.mode === "header" && { header: input.auth.header }),
        }),
      },
    });
    return toServerView(updated);
  });
}

/**
 * A members' limit set or changed reaches the tokens members already hold for the server (app
 * grants' access tokens and service accounts' included), their apps' grants and the codes not
 * yet exchanged: each narrowed to it at once, never widened.
 */
async function narrowMembersTokens(tx: Prisma.TransactionClient, server: UpstreamServer, limit: readonly string[]) {
  const now = new Date();
  // Owners and admins are not limited: only what the organization's members hold is narrowed.
  const members = await tx.membership.findMany({
    where: { orgId: server.orgId, role: "member" },
    select: { userId: true },
  });
  const held = { userId: { in: members.map((member) => member.userId) } };
  /** The stored list narrowed to the limit, or null when it already is within it. */
  const narrowed = (stored: string | null) => {
    const tools = narrowedTo(storedTools(stored), limit).join(" ");
    return tools === stored ? null : tools;
  };
  const tokens = await tx.apiToken.findMany({
    where: { ...held, serverId: server.id, revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, tools: true },
  });
  for (const token of tokens) {
    const tools = narrowed(token.tools);
    if (tools !== null) await tx.apiToken.update({ where: { id: token.id }, data: { tools } });
  }
  // Apps' grants that name tools, so a refresh issues within the new limit rather than failing
  // (a grant naming none already gets every tool the member may grant), and the codes consented
  // to but not yet exchanged, so the exchange does too.
  const grants = await tx.oAuthGrant.findMany({
    where: { ...held, serverId: server.id, revokedAt: null, tools: { not: null } },
    select: { id: true, tools: true },
  });
  for (const grant of grants) {
    const tools = narrowed(grant.tools);
    if (tools !== null) await tx.oAuthGrant.update({ where: { id: grant.id }, data: { tools } });
  }
  const codes = await tx.oAuthCode.findMany({
    where: {
      ...held,
      orgId: server.orgId,
      resource: audiences.server(server.slug),
      usedAt: null,
      expiresAt: { gt: now },
      tools: { not: null },
    },
    select: { id: true, tools: true },
  });
  for (const code of codes) {
    const tools = narrowed(code.tools);
    if (tools !== null) await tx.oAuthCode.update({ where: { id: code.id }, data: { tools } });
  }
}

/** Removes a server; its tokens go with it, refused at their next request. */
export async function removeServer(user: AccountUser, id: string) {
  await db().$transaction(async (tx) => {
    const server = await tx.upstreamServer.findFirst({ where: { id, orgId: user.orgId } });
    if (!server) throw new DomainError("not_found", "No such server in your organization.");
    await tx.upstreamServer.delete({ where: { id } });
    await recordUserAction(tx, user, {
      action: "server.removed",
      targetType: "upstream_server",
      targetId: id,
      metadata: { slug: server.slug },
    });
  });
  return { deleted: true as const };
}

/** The server whose resource URL (APP_URL/mcp/servers/{slug}, RFC 8707) this is, or null. */
export async function serverAtResource(url: string) {
  const slug = urls.serverSlug(url);
  return slug !== null && SLUG.test(slug) ? serverBySlug(slug) : null;
}

// Every request to a server looks it up by slug. On the embedded store the row is kept until
// anything is committed (as token rows are), sparing Prisma's query planner on the hot path.
const kept = { version: -1, servers: new Map<string, UpstreamServer | null>() };

/** The server a request names, or null. */
export async function serverBySlug(slug: string): Promise<UpstreamServer | null> {
  const version = storeVersion();
  if (version === null) return db().upstreamServer.findUnique({ where: { slug } });
  if (version !== kept.version) kept.servers = new Map();
  kept.version = version;
  const known = kept.servers.get(slug);
  if (known !== undefined) return known;
  const server = await db().upstreamServer.findUnique({ where: { slug } });
  // Bounded: a slug nobody registered is kept too, so a flood of them cannot grow it for ever.
  if (kept.servers.size < 1_000 && storeVersion() === version) kept.servers.set(slug, server);
  return server;
}

/** One of the user's organization's servers by slug, for a token made for it; 404 otherwise. */
export async function serverOfOrganization(orgId: string, slug: string) {
  const server = await db().upstreamServer.findFirst({ where: { orgId, slug } });
  if (!server) throw new DomainError("not_found", `server: no MCP server ${slug} in your organization.`);
  return server;
}

/** The header Keyway authenticates to `server` with for `caller`'s request, or null (none). */
export async function upstreamCredential(server: UpstreamServer, caller: Caller): Promise<[string, string] | null> {
  if (server.authMode === "identity") return ["authorization", `Bearer ${await callerIdentity(caller, server)}`];
  if (server.authMode === "header" && server.authHeader && server.authSecret) {
    const opened = await unseal<{ value: string }>("upstream-secret", server.authSecret);
    if (!opened) throw new Error(`the header secret of server ${server.id} does not open`);
    return [server.authHeader.toLowerCase(), opened.value];
  }
  return null;
}
