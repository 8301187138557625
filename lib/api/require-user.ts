import { getServerSession } from "next-auth";
import { DomainError } from "../errors";
import { config } from "../config";
import { log } from "../log";
import { verifyUserAccessToken } from "../auth/user-access-token";
import { findAccountUser, type AccountUser } from "../auth/accounts";
import { authOptions } from "../auth/options";
import { assertSecondFactorSetUp } from "../auth/second-factor";
import { clientAddress } from "../net/client-address";
import { parseBearer } from "./bearer";

function unauthorized(code: "unauthorized" | "invalid_token" | "invalid_request", message: string) {
  return new DomainError(code, message, { credential: "user" });
}

/**
 * The user a management call acts as: a user access token when `Authorization` is sent, the
 * next-auth session cookie otherwise. API tokens are refused here (their audience is /mcp).
 */
export async function requireUser(
  request: Request,
  { enrolling = false }: { enrolling?: boolean } = {},
): Promise<AccountUser> {
  const bearer = parseBearer(request.headers.get("authorization"));
  let userId: string | undefined;
  let ssoOrgId: string | null = null;
  let sessionId: string | null = null;
  if (bearer.kind === "malformed") throw unauthorized("invalid_request", bearer.reason);
  if (bearer.kind === "token") {
    const result = await verifyUserAccessToken(bearer.token);
    if (!result.ok) {
      throw unauthorized("invalid_token", result.expired ? result.reason : `Invalid token: ${result.reason}`);
    }
    userId = result.userId;
    ssoOrgId = result.ssoOrgId;
    sessionId = result.sessionId;
  } else {
    // A cookie rides along on cross-site requests: changes through it must come from our own pages.
    const origin = request.headers.get("origin");
    if (
      request.method !== "GET" &&
      request.method !== "HEAD" &&
      origin !== null &&
      origin !== new URL(config().appUrl).origin
    ) {
      throw new DomainError("forbidden", "Cross-site requests cannot use the session cookie.");
    }
    const session = await getServerSession(authOptions());
    userId = session?.user?.id;
    ssoOrgId = session?.user?.ssoOrgId ?? null;
    sessionId = session?.user?.sid ?? null;
  }
  if (!userId) throw unauthorized("unauthorized", "Sign in, or send a user access token as a Bearer token.");
  log("debug", "api.auth.allowed", { userId, via: bearer.kind === "token" ? "user_access_token" : "session" });
  const user = await findAccountUser(userId, ssoOrgId);
  if (!user) {
    throw unauthorized(
      "invalid_token",
      "Invalid token: this sign-in reaches none of your organizations; sign in again (through single sign-on where your organization requires it)",
    );
  }
  if (!enrolling) await assertSecondFactorSetUp(user);
  return { ...user, clientAddress: clientAddress(request.headers), sessionId };
}
