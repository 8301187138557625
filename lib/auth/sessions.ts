import { randomBytes } from "node:crypto";
import { db, type Db } from "../db/client";
import { DomainError } from "../errors";
import { clientAddress } from "../net/client-address";
import { DAY_SECONDS } from "../time";

// Server-side sessions: a browser's next-auth cookie and a user access token each carry only the
// id of a row here (`sid`). A credential is good while its row exists, so signing out ends one
// session and a password change ends them all, at once and on every instance.
export type SessionKind = "web" | "access_token";

export const WEB_SESSION_TTL_SECONDS = 7 * DAY_SECONDS;

/** The program that signed in and from where, as its request said: shown so people tell sessions apart. */
export type SessionClient = { userAgent: string | null; address: string | null };

/** The client of a sign-in request (web headers, or the plain record next-auth hands its callbacks). */
export function sessionClientOf(headers: Headers | Record<string, unknown> | undefined): SessionClient {
  const agent = headers instanceof Headers ? headers.get("user-agent") : headers?.["user-agent"];
  return {
    userAgent: typeof agent === "string" && agent ? agent.slice(0, 300) : null,
    address: clientAddress(headers),
  };
}

/**
 * A new session. `ssoOrgId`: the organization whose identity provider signed the person in; the
 * session reaches that organization only (lib/auth/accounts.ts). Null: their own credentials.
 */
export async function startSession(
  userId: string,
  kind: SessionKind,
  ttlSeconds: number,
  { ssoOrgId = null, client }: { ssoOrgId?: string | null; client?: SessionClient } = {},
) {
  const id = randomBytes(18).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await db().userSession.create({ data: { id, userId, kind, expiresAt, ssoOrgId, ...client } });
  return { id, expiresAt };
}

/** A person's active sessions, newest first; `current` marks the one the request came with. */
export async function listSessions(userId: string, currentId: string | null | undefined) {
  const rows = await db().userSession.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as SessionKind,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    userAgent: row.userAgent,
    address: row.address,
    singleSignOn: row.ssoOrgId !== null,
    current: row.id === currentId,
  }));
}

/** Ends one of a person's own sessions (another person's id is as unknown as a made-up one). */
export async function endSessionOf(userId: string, id: string): Promise<void> {
  const { count } = await db().userSession.deleteMany({ where: { id, userId } });
  if (count === 0) throw new DomainError("not_found", "No session with this id.");
}

/** Ends every session of a person but `keepId` (the one they are using); how many ended. */
export async function endOtherSessions(userId: string, keepId: string | null | undefined): Promise<number> {
  const { count } = await db().userSession.deleteMany({ where: { userId, ...(keepId && { id: { not: keepId } }) } });
  return count;
}

/** How an active session was opened: through an organization's identity provider, or not (null). */
export type SessionScope = { ssoOrgId: string | null };

/** The session's scope while it exists, belongs to `userId` and has not expired; null otherwise. */
export async function activeSession(sid: unknown, userId: unknown): Promise<SessionScope | null> {
  if (typeof sid !== "string" || typeof userId !== "string") return null;
  const row = await db().userSession.findUnique({
    where: { id: sid },
    select: { userId: true, expiresAt: true, ssoOrgId: true },
  });
  return row !== null && row.userId === userId && row.expiresAt.getTime() > Date.now()
    ? { ssoOrgId: row.ssoOrgId }
    : null;
}

export async function endSession(sid: unknown): Promise<void> {
  if (typeof sid === "string") await db().userSession.deleteMany({ where: { id: sid } });
}

/**
 * Ends every session and user access token of a user, and drops expired rows on the way; pass a
 * transaction to end them together with the change that calls for it.
 */
export async function endAllSessions(userId: string, client: Pick<Db, "userSession"> = db()): Promise<void> {
  await client.userSession.deleteMany({ where: { OR: [{ userId }, { expiresAt: { lt: new Date() } }] } });
}
