import { HOUR_SECONDS } from "../time";
import { audiences, signJwt, verifyJwt } from "./jwt";
import { activeSession, startSession, type SessionClient } from "./sessions";

// Short-lived user access tokens for the management API. Their audience (/api) and `typ` keep them
// apart from API tokens (audience /mcp): neither is accepted where the other belongs.
export const USER_ACCESS_TOKEN_TTL_SECONDS = HOUR_SECONDS;
export const USER_ACCESS_TOKEN_TYPE = "user_access";

export async function issueUserAccessToken(user: { id: string; orgId: string }, client: SessionClient) {
  const session = await startSession(user.id, "access_token", USER_ACCESS_TOKEN_TTL_SECONDS, { client });
  const accessToken = await signJwt(
    { typ: USER_ACCESS_TOKEN_TYPE, org: user.orgId, sid: session.id },
    { audience: audiences.api(), subject: user.id, expiresAt: session.expiresAt },
  );
  return { accessToken, tokenType: "Bearer" as const, expiresIn: USER_ACCESS_TOKEN_TTL_SECONDS };
}

export async function verifyUserAccessToken(token: string) {
  const result = await verifyJwt(token, audiences.api());
  if (!result.ok) return result;
  if (result.payload.typ !== USER_ACCESS_TOKEN_TYPE || typeof result.payload.sub !== "string") {
    return { ok: false as const, expired: false, reason: "not a user access token" };
  }
  const scope = await activeSession(result.payload.sid, result.payload.sub);
  if (!scope) return { ok: false as const, expired: false, reason: "the session has ended" };
  return {
    ok: true as const,
    userId: result.payload.sub,
    ssoOrgId: scope.ssoOrgId,
    sessionId: result.payload.sid as string,
  };
}
