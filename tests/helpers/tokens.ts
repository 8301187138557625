import { createToken, tokenUsage } from "../../lib/api/operations";
import type { CreateTokenInput } from "../../lib/tokens/schemas";
import { apiAs, type TestUser } from "./api";

export async function createApiToken(user: TestUser, body: Partial<CreateTokenInput> = {}, base?: string) {
  const created = await apiAs(user, base)(createToken, {
    body: { name: "test token", scopes: ["execute:mcp", "read:tasks"], ...body },
  });
  if (!created.ok) throw new Error(`token creation failed: ${created.message} ${JSON.stringify(created.fields)}`);
  return created.data;
}

/** The token's usage once `expected` holds (usage is flushed about once a second), or the last seen. */
export async function waitForUsage(user: TestUser, tokenId: string, expected: (body: any) => boolean, base?: string) {
  let last: any;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const usage = await apiAs(user, base)(tokenUsage, { params: { id: tokenId } });
    last = usage.ok ? usage.data : usage;
    if (expected(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}
