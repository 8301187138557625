import { recordAuditEvent } from "../audit/record-audit-event";
import type { AccountUser } from "../auth/accounts";
import { audiences } from "../auth/jwt";
import { managesOrganization } from "../auth/roles";
import { config } from "../config";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { UpstreamServer } from "../db/types";
import { DomainError } from "../errors";
import { upstreamPolicy, upstreamUrlProblem } from "../net/upstream-policy";
import type { RegisterServer, ServerView } from "./schemas";

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
    createdAt: server.createdAt.toISOString(),
  };
}

/** The organization's servers: every member sees them, to make tokens for them. */
export async function listServers(user: AccountUser) {
  const servers = await db().upstreamServer.findMany({ where: { orgId: user.orgId }, orderBy: { createdAt: "asc" } });
  return { servers: servers.map(toServerView) };
}

function requireManager(user: AccountUser) {
  if (!managesOrganization(user)) {
    throw new DomainError("forbidden", "Only organization owners and admins can register MCP servers.");
  }
}

export async function registerServer(user: AccountUser, input: RegisterServer): Promise<ServerView> {
  requireManager(user);
  const problem = await upstreamUrlProblem(new URL(input.url), allowedUpstreams());
  if (problem) throw new DomainError("validation_error", `url: ${problem}`, { fields: { url: [problem] } });
  try {
    return await db().$transaction(async (tx) => {
      const server = await tx.upstreamServer.create({
        data: { orgId: user.orgId, name: input.name, slug: input.slug, url: input.url, createdById: user.id },
      });
      await recordAuditEvent(tx, {
        orgId: user.orgId,
        actorUserId: user.id,
        clientAddress: user.clientAddress,
        action: "server.registered",
        targetType: "upstream_server",
        targetId: server.id,
        metadata: { name: server.name, slug: server.slug, url: server.url },
      });
      return toServerView(server);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", `The slug ${input.slug} is taken; choose another.`);
    throw error;
  }
}

/** Removes a server; its tokens go with it, refused at their next request. */
export async function removeServer(user: AccountUser, id: string) {
  requireManager(user);
  await db().$transaction(async (tx) => {
    const server = await tx.upstreamServer.findFirst({ where: { id, orgId: user.orgId } });
    if (!server) throw new DomainError("not_found", "No such server in your organization.");
    await tx.upstreamServer.delete({ where: { id } });
    await recordAuditEvent(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      clientAddress: user.clientAddress,
      action: "server.removed",
      targetType: "upstream_server",
      targetId: id,
      metadata: { slug: server.slug },
    });
  });
  return { deleted: true as const };
}

/** The server a request names, or null. */
export function serverBySlug(slug: string) {
  return db().upstreamServer.findUnique({ where: { slug } });
}

/** One of the user's organization's servers by slug, for a token made for it; 404 otherwise. */
export async function serverOfOrganization(orgId: string, slug: string) {
  const server = await db().upstreamServer.findFirst({ where: { orgId, slug } });
  if (!server) throw new DomainError("not_found", `server: no MCP server ${slug} in your organization.`);
  return server;
}
