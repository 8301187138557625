import { api, type TestUser } from "./api";

export async function createApiToken(
  user: TestUser,
  body: { name?: string; scopes?: string[]; expiresInDays?: number; rateLimitPerHour?: number } = {},
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
