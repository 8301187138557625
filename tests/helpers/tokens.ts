import { api, type TestUser } from "./api";

export async function createApiToken(
  user: TestUser,
  body: {
    name?: string;
    scopes?: string[];
    expiresInDays?: number;
    rateLimitPerHour?: number;
    allowedAddresses?: string[];
    /** The slug of an upstream MCP server the token is for. */
    server?: string;
    /** With server: the only tools of it the token may call. */
    tools?: string[];
  } = {},
  base?: string,
) {
  const response = await api("/api/v2/tokens", {
    base,
    token: user.accessToken,
    body: { name: "test token", scopes: ["execute:mcp", "read:tasks"], ...body },
  });
  if (response.status !== 201) throw new Error(`token creation failed: ${JSON.stringify(response.body)}`);
  return response.body as { id: string; token: string; [key: string]: unknown };
}

/** The token's usage once `expected` holds (usage is flushed about once a second), or the last seen. */
export async function waitForUsage(user: TestUser, tokenId: string, expected: (body: any) => boolean, base?: string) {
  let last: any;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    last = (await api(`/api/v2/tokens/${tokenId}/usage`, { base, token: user.accessToken })).body;
    if (expected(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}
