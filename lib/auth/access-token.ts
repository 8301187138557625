import { audiences, signJwt, verifyJwt } from "./jwt";

// Short-lived user access tokens for the management API. Their audience (/api) and `typ` keep them
// apart from API tokens (audience /mcp): neither is accepted where the other belongs.
export const USER_ACCESS_TOKEN_TTL_SECONDS = 3600;
export const USER_ACCESS_TOKEN_TYPE = "user_access";

export async function issueUserAccessToken(user: { id: string; orgId: string }) {
  const accessToken = await signJwt(
    { typ: USER_ACCESS_TOKEN_TYPE, org: user.orgId },
    {
      audience: audiences.api(),
      subject: user.id,
      expiresAt: new Date(Date.now() + USER_ACCESS_TOKEN_TTL_SECONDS * 1000),
    },
  );
  return { accessToken, tokenType: "Bearer" as const, expiresIn: USER_ACCESS_TOKEN_TTL_SECONDS };
}

export async function verifyUserAccessToken(token: string) {
  const result = await verifyJwt(token, audiences.api());
  if (!result.ok) return result;
  if (result.payload.typ !== USER_ACCESS_TOKEN_TYPE || typeof result.payload.sub !== "string") {
    return { ok: false as const, expired: false, reason: "not a user access token" };
  }
  return { ok: true as const, userId: result.payload.sub };
}
