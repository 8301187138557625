import { randomBytes } from "node:crypto";
import { db, type Db } from "../db/client";
import { DAY_SECONDS } from "../time";

// Server-side sessions: a browser's next-auth cookie and a user access token each carry only the
// id of a row here (`sid`). A credential is good while its row exists, so signing out ends one
// session and a password change ends them all, at once and on every instance.
export type SessionKind = "web" | "access_token";

export const WEB_SESSION_TTL_SECONDS = 7 * DAY_SECONDS;

/**
 * A new session. `ssoOrgId`: the organization whose identity provider signed the person in; the
 * session reaches that organization only (lib/auth/accounts.ts). Null: their own credentials.
 */
export async function startSession(
  userId: string,
  kind: SessionKind,
  ttlSeconds: number,
  ssoOrgId: string | null = null,
) {
  const id = randomBytes(18).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await db().userSession.create({ data: { id, userId, kind, expiresAt, ssoOrgId } });
  return { id, expiresAt };
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
