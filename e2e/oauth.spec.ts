import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { UnauthorizedError } from "@modelcontextprotocol/client";
import { TEST_TLS } from "../playwright.config";
import { freePort } from "../tests/helpers/server";
import { outsideTool } from "../tests/helpers/outside-clients";
import { signUp } from "./helpers";
import { connect, oauthTransport, serveClientDocument, TestOAuthProvider } from "./oauth-client";

// Issue 14: an MCP client that only speaks OAuth (the official 2.x SDK client with its OAuth
// provider) reaches Keyway's tools with nothing pasted. Discovery, registration, authorization in
// Chromium, token exchange, step-up, refresh, and revocation from the API Tokens page.

/** Where the browser is sent back: a loopback listener, as a desktop MCP client runs one. */
async function callbackListener() {
  const server = createServer((_, res) =>
    res.writeHead(200, { "content-type": "text/plain" }).end("You can close this tab."),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/callback`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The user's part: open the URL the client produced, check the page, allow, and hand back the callback. */
async function approveInBrowser(
  page: Page,
  provider: TestOAuthProvider,
  mcpUrl: string,
  expected: { client: string; scopes: string[] },
) {
  await page.goto(provider.authorizationUrl!.href);
  await expect(page.getByTestId("client-name")).toHaveText(expected.client);
  for (const scope of expected.scopes)
    await expect(page.getByRole("checkbox", { name: new RegExp(scope) })).toBeChecked();
  await page.getByRole("button", { name: "Allow" }).click();
  await page.waitForURL((url) => url.pathname === "/callback");
  const params = new URL(page.url()).searchParams;
  expect(params.get("iss")).toBe(new URL(mcpUrl).origin);
  await oauthTransport(mcpUrl, provider).finishAuth(params);
}

test("an OAuth-only client registers itself, is approved in the browser, steps up, refreshes, and is cut off when revoked", async ({
  page,
  baseURL,
}) => {
  await signUp(page);
  const callback = await callbackListener();
  const mcpUrl = `${baseURL}/mcp`;
  const provider = new TestOAuthProvider(callback.url);
  try {
    // No token: the client discovers the authorization server, registers (DCR) and asks the user.
    await expect(connect(mcpUrl, provider)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.client?.client_id).toMatch(/^kwc_/);
    expect(provider.authorizationUrl!.searchParams.get("scope")).toBe("execute:mcp");
    await page.goto(provider.authorizationUrl!.href);
    await expect(page.getByTestId("client-warning")).toContainText("registered itself");
    await approveInBrowser(page, provider, mcpUrl, { client: "E2E OAuth agent", scopes: ["execute:mcp"] });

    let client = await connect(mcpUrl, provider);
    const whoami = await client.callTool({ name: "whoami", arguments: {} });
    expect((whoami.structuredContent as { scopes: string[] }).scopes).toEqual(["execute:mcp"]);

    // A tool beyond the grant: 403 insufficient_scope names write:tasks and the SDK steps up.
    await expect(client.callTool({ name: "create_task", arguments: { title: "From OAuth" } })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(provider.authorizationUrl!.searchParams.get("scope")!.split(" ").sort()).toEqual([
      "execute:mcp",
      "write:tasks",
    ]);
    await approveInBrowser(page, provider, mcpUrl, {
      client: "E2E OAuth agent",
      scopes: ["execute:mcp", "write:tasks"],
    });
    await client.close();
    client = await connect(mcpUrl, provider);
    const created = await client.callTool({ name: "create_task", arguments: { title: "From OAuth" } });
    expect(created.isError).toBeFalsy();

    // An access token that no longer works: the client refreshes by itself, and the refresh token rotates.
    const firstRefresh = provider.saved!.refresh_token;
    provider.saved = { ...provider.saved!, access_token: "no-longer-valid" };
    await client.close();
    client = await connect(mcpUrl, provider);
    expect((await client.callTool({ name: "list_tasks", arguments: {} })).isError).toBeFalsy();
    expect(provider.saved!.refresh_token).not.toBe(firstRefresh);
    const access = provider.saved!.access_token;

    // Each authorization is a connected app on the API Tokens page (the step-up made a second
    // one); revoking the one in use there refuses the client.
    await page.goto("/tokens");
    await page.getByRole("tab", { name: "Connected apps" }).click();
    const apps = page.getByTestId("connected-app").filter({ hasText: "E2E OAuth agent" });
    await expect(apps).toHaveCount(2);
    const inUse = apps.filter({ hasText: "write:tasks" });
    await expect(inUse).toContainText("active");
    await inUse.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("button", { name: "Revoke access" }).click();
    await expect(inUse).toContainText("revoked");

    const refused = await fetch(mcpUrl, {
      method: "POST",
      headers: {
        authorization: `Bearer ${access}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(refused.status).toBe(401);
    // The client's own recovery (a refresh) is refused too, with the reason.
    await expect(client.callTool({ name: "whoami", arguments: {} })).rejects.toThrow(/access was revoked/);
    await client.close();
  } finally {
    await callback.close();
  }
});

test("a client known by its metadata document (CIMD) connects without registering", async ({ page, baseURL }) => {
  await signUp(page);
  const callback = await callbackListener();
  const document = await serveClientDocument(TEST_TLS, callback.url);
  const mcpUrl = `${baseURL}/mcp`;
  const provider = new TestOAuthProvider(callback.url, document.url);
  try {
    await expect(connect(mcpUrl, provider)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.authorizationUrl!.searchParams.get("client_id")).toBe(document.url);
    await page.goto(provider.authorizationUrl!.href);
    await expect(page.getByTestId("client-warning")).toContainText("127.0.0.1");
    await approveInBrowser(page, provider, mcpUrl, { client: "E2E metadata-document agent", scopes: ["execute:mcp"] });
    const client = await connect(mcpUrl, provider);
    const whoami = await client.callTool({ name: "whoami", arguments: {} });
    expect(whoami.isError).toBeFalsy();
    await client.close();
  } finally {
    await document.close();
    await callback.close();
  }
});

test("the conformance suite's authorization server scenarios pass, with Chromium clicking Allow", async ({
  page,
  baseURL,
  request,
}) => {
  await signUp(page);
  const port = await freePort();
  const redirect = `http://127.0.0.1:${port}/callback`;
  const registered = await request.post("/oauth/register", {
    data: { client_name: "MCP conformance suite", redirect_uris: [redirect] },
  });
  expect(registered.status()).toBe(201);
  const clientId = (await registered.json()).client_id as string;
  const output = mkdtempSync(path.join(tmpdir(), "keyway-conformance-acg-"));
  const { node, script } = outsideTool("@modelcontextprotocol/conformance/dist/index.js");
  const suite = spawn(node, [
    // Without --scenario it runs both in order: the code grant reads the metadata the first found.
    script,
    "authorization",
    "--url",
    baseURL!,
    "--client-id",
    clientId,
    "--resource",
    `${baseURL}/mcp`,
    "-p",
    String(port),
    "-o",
    output,
  ]);
  let printed = "";
  suite.stdout.on("data", (chunk) => (printed += chunk));
  suite.stderr.on("data", (chunk) => (printed += chunk));
  const exited = new Promise<void>((resolve) => suite.once("exit", () => resolve()));
  try {
    // The suite prints the authorization URL and waits for the browser to come back.
    await expect.poll(() => /(\S+\/oauth\/authorize\?\S+)/.exec(printed)?.[1]).toBeTruthy();
    await page.goto(/(\S+\/oauth\/authorize\?\S+)/.exec(printed)![1]!);
    await expect(page.getByTestId("client-name")).toHaveText("MCP conformance suite");
    await page.getByRole("button", { name: "Allow" }).click();
    await exited;
  } finally {
    suite.kill();
  }
  const files = readdirSync(output, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith("checks.json"));
  expect(files, printed).toHaveLength(2);
  const checks = files.flatMap(
    (file) => JSON.parse(readFileSync(path.join(output, file), "utf8")) as { id: string; status: string }[],
  );
  expect(
    checks.filter((check) => check.status !== "SUCCESS" && check.status !== "INFO"),
    JSON.stringify(checks, null, 2),
  ).toEqual([]);
  expect(checks.map((check) => check.id)).toContain("authorization-code-grant");
});
