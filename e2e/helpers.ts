import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export async function signUp(page: Page, name = "Tess") {
  const email = `e2e-${randomUUID().slice(0, 8)}@example.test`;
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/tokens$/);
  return email;
}

/** Signs in on the sign-in page with an e-mail address and password, as a person would. */
export async function signInWithPassword(page: Page, email: string, password = "a long password") {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** A real JSON-RPC call to /mcp with the token, as an MCP client would send it. */
export async function mcpCall(
  request: APIRequestContext,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
) {
  const response = await request.post("/mcp", {
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/json, text/event-stream",
      "content-type": "application/json",
    },
    data: { jsonrpc: "2.0", id: 1, method, params },
  });
  const text = await response.text();
  return { status: response.status(), body: text ? JSON.parse(text) : null };
}

export const toolCall = (request: APIRequestContext, token: string, name: string, args: Record<string, unknown> = {}) =>
  mcpCall(request, token, "tools/call", { name, arguments: args });
