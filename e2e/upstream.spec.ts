import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";
import { startUpstreamServer } from "../tests/helpers/upstream-server";
import { signUp } from "./helpers";

// Issue 33, in the browser: an owner registers the team's own MCP server (the official SDK's
// server, on loopback; the e2e server allows 127.0.0.1 in UPSTREAM_ALLOWED) on the Organization
// page, makes a token for it on API Tokens, and a client calls its tool through Keyway with the
// snippet's URL; the call shows in the token's request log. The server verifies the caller
// identity Keyway signs (the default) with a stock RFC 9068 verifier pointed at Keyway.

let upstream: Awaited<ReturnType<typeof startUpstreamServer>> | undefined;

test.afterAll(() => upstream?.close());

test("an owner registers the team's MCP server, makes a token for it, and a client calls its tool through Keyway", async ({
  page,
  baseURL,
}) => {
  test.slow();
  upstream = await startUpstreamServer({ issuer: baseURL });
  const slug = `echo-${Math.random().toString(36).slice(2, 8)}`;
  const resource = `${baseURL}/mcp/servers/${slug}`;
  await signUp(page, "Pat Platform");
  await page.getByRole("banner").getByRole("link", { name: "Organization" }).click();
  // The sections above it load after the page: once they have, the form below stays put.
  await expect(page.getByText("No enterprise-managed app yet.")).toBeVisible();
  const section = page.getByRole("region", { name: "Your MCP servers" });
  await expect(section.getByText("No MCP server registered yet.")).toBeVisible();
  const form = page.getByRole("form", { name: "Register an MCP server" });
  await form.getByLabel("Server name").fill("Team echo");
  await form.getByLabel("Slug").fill(slug);
  await form.getByLabel("Server URL").fill(upstream.url);
  await expect(form.getByLabel("How Keyway authenticates to it")).toHaveValue("identity");
  await form.getByRole("button", { name: "Register server" }).click();
  await expect(section.getByTestId("upstream-server")).toContainText(resource);
  await expect(section.getByTestId("upstream-server")).toContainText("Keyway signs who is calling");

  await page.getByRole("banner").getByRole("link", { name: "API Tokens", exact: true }).click();
  await page.getByRole("tab", { name: "Generate token" }).click();
  await page.getByLabel("Name").fill("Echo agent");
  await page.getByLabel("For").selectOption(slug);
  await page.getByRole("button", { name: "Generate token" }).click();
  const dialog = page.getByRole("dialog");
  const token = await dialog.getByLabel("Your token").inputValue();
  // The snippet points at the server's URL at Keyway, not at /mcp.
  await expect(dialog.getByLabel("Cursor configuration", { exact: true })).toContainText(`"url": "${resource}"`);
  await dialog.getByRole("button", { name: "Done" }).click();

  const client = new Client({ name: "e2e-gateway-agent", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(resource), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  const result = await client.callTool({ name: "echo", arguments: { message: "from the browser's token" } });
  expect(result.content).toEqual([{ type: "text", text: "echo: from the browser's token" }]);
  await client.close();
  // Every request reached the server with Keyway's signed identity of the caller, never the token.
  for (const headers of upstream.seen) expect(headers.authorization).not.toContain(token);
  expect(upstream.identities.length).toBe(upstream.seen.length);
  expect(upstream.identities[0]).toMatchObject({ iss: baseURL, aud: upstream.url, scope: "execute:mcp" });

  await expect(async () => {
    await page.reload();
    await page.getByRole("button", { name: "Usage of Echo agent" }).click();
    await expect(dialog.getByTestId("request-log-entry").filter({ hasText: "echo" })).toHaveCount(1, {
      timeout: 2_000,
    });
  }).toPass({ timeout: 40_000 });
});
