import { randomBytes } from "node:crypto";
import { db, type Db } from "../db/client";
import { DAY_SECONDS } from "../time";

// Server-side sessions: a browser's next-auth cookie and a user access token each carry only the
// id of a row here (`sid`). A credential is good while its row exists, so signing out ends one
// session and a password change ends them all, at once and on every instance.
export type SessionKind = "web" | "access_token";

export const WEB_SESSION_TTL_SECONDS = 7 * DAY_SECONDS;

export async function startSession(userId: string, kind: SessionKind, ttlSeconds: number) {
  const id = randomBytes(18).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await db().userSession.create({ data: { id, userId, kind, expiresAt } });
  return { id, expiresAt };
}

/** True while the session exists, belongs to `userId` and has not expired. */
export async function sessionIsActive(sid: unknown, userId: unknown): Promise<boolean> {
  if (typeof sid !== "string" || typeof userId !== "string") return false;
  const row = await db().userSession.findUnique({ where: { id: sid }, select: { userId: true, expiresAt: true } });
  return row !== null && row.userId === userId && row.expiresAt.getTime() > Date.now();
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
