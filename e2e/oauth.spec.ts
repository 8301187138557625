import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { UnauthorizedError } from "@modelcontextprotocol/client";
import { TEST_TLS } from "../playwright.config";
import { SCOPES } from "../lib/scopes";
import { freePort } from "../tests/helpers/server";
import { outsideTool } from "../tests/helpers/outside-clients";
import { signUp } from "./helpers";
import { callbackListener, connect, oauthTransport, serveClientDocument, TestOAuthProvider } from "./oauth-client";

// Issues 14 and 21: an MCP client that only speaks OAuth (the official 2.x SDK client with its
// OAuth provider, in its default flow) reaches Keyway's tools with nothing pasted. Discovery,
// registration, authorization in Chromium, token exchange, step-up into the same grant, refresh,
// and revocation from the API Tokens page.

/** The user's part: open the URL the client produced, check the page, allow, and hand back the callback. */
async function approveInBrowser(
  page: Page,
  provider: TestOAuthProvider,
  mcpUrl: string,
  expected: { client: string; scopes: string[]; tick?: string[] },
) {
  await page.goto(provider.authorizationUrl!.href);
  await expect(page.getByTestId("client-name")).toHaveText(expected.client);
  for (const scope of expected.scopes)
    await expect(page.getByRole("checkbox", { name: new RegExp(scope) })).toBeChecked();
  // What the person ticks themselves (a scope they declined before stays unticked until they do).
  for (const scope of expected.tick ?? []) await page.getByRole("checkbox", { name: new RegExp(scope) }).check();
  await page.getByRole("button", { name: "Allow" }).click();
  await page.waitForURL((url) => url.pathname === "/callback");
  const params = new URL(page.url()).searchParams;
  expect(params.get("iss")).toBe(new URL(mcpUrl).origin);
  await oauthTransport(mcpUrl, provider).finishAuth(params);
}

// Every scope the tools use: what the 401 names, and so what a client in its default flow asks for.
const ALL_SCOPES = [...SCOPES];

/** The status /mcp answers a token with (the SDK client hides it). */
async function mcpStatus(mcpUrl: string, token: string) {
  const response = await fetch(mcpUrl, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });
  return response.status;
}

/** The tools the server lists for the app's token. */
async function toolNames(client: Awaited<ReturnType<typeof connect>>) {
  return (await client.listTools()).tools.map((tool) => tool.name);
}

test("an OAuth-only client in its default flow gets the tools the user accepted, refreshes, and is cut off when revoked", async ({
  page,
  baseURL,
}) => {
  await signUp(page);
  const callback = await callbackListener();
  const mcpUrl = `${baseURL}/mcp`;
  const provider = new TestOAuthProvider(callback.url);
  try {
    // No token: the client discovers the authorization server, registers (DCR) and asks the user
    // for the scopes the 401 named; nothing here chooses them for it.
    await expect(connect(mcpUrl, provider)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.client?.client_id).toMatch(/^kwc_/);
    expect(provider.authorizationUrl!.searchParams.get("scope")!.split(" ")).toEqual(ALL_SCOPES);
    await page.goto(provider.authorizationUrl!.href);
    await expect(page.getByTestId("client-warning")).toContainText("registered itself");
    await expect(page.getByTestId("lifetimes")).toContainText("1 hour");
    // The user accepts the page as it is shown.
    await approveInBrowser(page, provider, mcpUrl, { client: "E2E OAuth agent", scopes: ALL_SCOPES });

    let client = await connect(mcpUrl, provider);
    expect(await toolNames(client)).toContain("create_task");
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

    // One app, one connected app on the API Tokens page, with its usage and each of its calls.
    const app = page.getByTestId("connected-app").filter({ hasText: "E2E OAuth agent" });
    await expect(async () => {
      await page.goto("/tokens?tab=apps");
      await app.getByRole("button", { name: "Usage of E2E OAuth agent" }).click();
      await expect(
        page.getByRole("dialog").getByTestId("request-log-entry").filter({ hasText: "create_task" }),
      ).toHaveCount(1, { timeout: 2_000 });
    }).toPass({ timeout: 40_000 });
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
    // Revoking it there refuses the client.
    await expect(app).toHaveCount(1);
    await expect(app).toContainText("active");
    await expect(app).toContainText("Access token lifetime");
    await app.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("button", { name: "Revoke access" }).click();
    await expect(app).toContainText("revoked");

    expect(await mcpStatus(mcpUrl, access)).toBe(401);
    // The client's own recovery (a refresh) is refused too, with the reason.
    await expect(client.callTool({ name: "whoami", arguments: {} })).rejects.toThrow(/access was revoked/);
    await client.close();
  } finally {
    await callback.close();
  }
});

test("a user who unticks write:tasks gets a working read-only app that steps up into the same grant when it writes", async ({
  page,
  baseURL,
}) => {
  await signUp(page);
  const callback = await callbackListener();
  const mcpUrl = `${baseURL}/mcp`;
  const provider = new TestOAuthProvider(callback.url);
  try {
    await expect(connect(mcpUrl, provider)).rejects.toBeInstanceOf(UnauthorizedError);
    await page.goto(provider.authorizationUrl!.href);
    await page.getByRole("checkbox", { name: /write:tasks/ }).uncheck();
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL((url) => url.pathname === "/callback");
    await oauthTransport(mcpUrl, provider).finishAuth(new URL(page.url()).searchParams);

    let client = await connect(mcpUrl, provider);
    expect(await toolNames(client)).toContain("list_tasks");
    expect(await toolNames(client)).not.toContain("create_task");
    expect((await client.callTool({ name: "list_tasks", arguments: {} })).isError).toBeFalsy();
    const readOnly = provider.saved!.access_token;

    // Its first write: 403 insufficient_scope naming write:tasks, and the SDK steps up.
    await expect(client.callTool({ name: "create_task", arguments: { title: "A write" } })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(provider.authorizationUrl!.searchParams.get("scope")!.split(" ")).toContain("write:tasks");
    // The client asks again for everything it first asked for: write:tasks, declined then, is not
    // ticked again for the person, who ticks it now that the app needs it.
    await page.goto(provider.authorizationUrl!.href);
    const declined = page.getByRole("checkbox", { name: /write:tasks/ });
    await expect(declined).not.toBeChecked();
    await expect(page.getByTestId("declined-before")).toHaveCount(1);
    await approveInBrowser(page, provider, mcpUrl, {
      client: "E2E OAuth agent",
      scopes: ["read:tasks"],
      tick: ["write:tasks"],
    });
    await client.close();
    client = await connect(mcpUrl, provider);
    const created = await client.callTool({ name: "create_task", arguments: { title: "A write" } });
    expect(created.isError).toBeFalsy();
    await client.close();

    // The step-up joined the app's grant: one connected app, and the read-only token stopped.
    await page.goto("/tokens");
    await page.getByRole("tab", { name: "Connected apps" }).click();
    const apps = page.getByTestId("connected-app").filter({ hasText: "E2E OAuth agent" });
    await expect(apps).toHaveCount(1);
    await expect(apps).toContainText("write:tasks");
    expect(await mcpStatus(mcpUrl, readOnly)).toBe(401);
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
    await approveInBrowser(page, provider, mcpUrl, { client: "E2E metadata-document agent", scopes: ALL_SCOPES });
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
