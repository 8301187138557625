import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";
import { startUpstreamServer } from "../tests/helpers/upstream-server";
import { UnauthorizedError } from "@modelcontextprotocol/client";
import { signUp } from "./helpers";
import { callbackListener, connect, oauthTransport, TestOAuthProvider } from "./oauth-client";

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
  // The list says which server the token is for.
  await expect(page.getByTestId("token-server")).toHaveText(`For Team echo (${resource})`);

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

test("an OAuth-only client in its default flow connects to the team's server through Keyway, narrowed on the consent page, and a narrowed token sees only its tools", async ({
  page,
  baseURL,
}) => {
  test.slow();
  const server = await startUpstreamServer({ issuer: baseURL });
  const callback = await callbackListener();
  try {
    const slug = `oauth-${Math.random().toString(36).slice(2, 8)}`;
    const resource = `${baseURL}/mcp/servers/${slug}`;
    await signUp(page, "Olga Owner");
    await page.getByRole("banner").getByRole("link", { name: "Organization" }).click();
    await expect(page.getByText("No enterprise-managed app yet.")).toBeVisible();
    const form = page.getByRole("form", { name: "Register an MCP server" });
    await form.getByLabel("Server name").fill("Team tools");
    await form.getByLabel("Slug").fill(slug);
    await form.getByLabel("Server URL").fill(server.url);
    await form.getByRole("button", { name: "Register server" }).click();
    await expect(page.getByTestId("upstream-server")).toContainText(resource);

    // No token: the SDK's client discovers the server's own metadata, registers and asks the user.
    const provider = new TestOAuthProvider(callback.url);
    await expect(connect(resource, provider)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.authorizationUrl!.searchParams.get("resource")).toBe(resource);
    await page.goto(provider.authorizationUrl!.href);
    await expect(page.getByTestId("resource")).toContainText(`Team tools (${resource})`);
    // The person lets the app call one tool of the server.
    await page.getByLabel("Only these tools").fill("shout");
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL((url) => url.pathname === "/callback");
    await oauthTransport(resource, provider).finishAuth(new URL(page.url()).searchParams);
    const client = await connect(resource, provider);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["shout"]);
    const result = await client.callTool({ name: "shout", arguments: { message: "through the gate" } });
    expect(result.content).toEqual([{ type: "text", text: "THROUGH THE GATE" }]);
    await client.close();
    expect(server.identities.at(-1)).toMatchObject({ aud: server.url, act: { sub: provider.client!.client_id } });

    // The connected app says what it reaches.
    await page.goto("/tokens?tab=apps");
    await expect(page.getByTestId("connected-app-resource")).toContainText(
      `reaches Team tools (${resource}), only the tools shout`,
    );

    // A pasted token narrowed to one tool, made on the Generate form.
    await page.getByRole("tab", { name: "Generate token" }).click();
    await page.getByLabel("Name").fill("Echo only");
    await page.getByLabel("For").selectOption(slug);
    await page.getByLabel("Only these tools").fill("echo");
    await page.getByRole("button", { name: "Generate token" }).click();
    const dialog = page.getByRole("dialog");
    const token = await dialog.getByLabel("Your token").inputValue();
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(page.getByTestId("token-tools").first()).toContainText("Only the tools: echo");
    const narrowed = new Client({ name: "e2e-narrowed", version: "1.0.0" });
    await narrowed.connect(
      new StreamableHTTPClientTransport(new URL(resource), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    expect((await narrowed.listTools()).tools.map((tool) => tool.name)).toEqual(["echo"]);
    await expect(narrowed.callTool({ name: "shout", arguments: { message: "no" } })).rejects.toThrow(
      /may not call shout/,
    );
    await narrowed.close();
  } finally {
    await callback.close();
    await server.close();
  }
});
