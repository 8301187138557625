import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { mcpCall, signUp, toolCall } from "./helpers";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

async function snapshot(page: Page, testInfo: TestInfo, name: string) {
  // Every run attaches the main states to the test output; UPDATE_SCREENSHOTS=1 refreshes the README's.
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
  if (process.env.UPDATE_SCREENSHOTS === "1")
    await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: true });
}

async function readIssuedToken(page: Page) {
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("It will not be shown again")).toBeVisible();
  const token = await dialog.getByLabel("Your token").inputValue();
  expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  return token;
}

test("generate, use, watch, rotate and revoke a token through the page", async ({ page, request }, testInfo) => {
  // The longest journey (two sign-ins' worth of scrypt, a usage flush, four dialogs): more time on a busy machine.
  test.slow();
  await signUp(page);
  await page.goto("/");
  await page.getByRole("banner").getByRole("link", { name: "API Tokens", exact: true }).click();
  await expect(page.getByText("You have no active tokens yet.")).toBeVisible();
  await snapshot(page, testInfo, "tokens-empty");

  await page.getByRole("button", { name: "Generate your first token" }).click();
  await expect(page.getByRole("tab", { name: "Generate token" })).toHaveAttribute("aria-selected", "true");
  await page.getByLabel("Name").fill("Cursor");
  // Least privilege: execute:mcp is always in, every resource starts at None.
  await expect(page.getByRole("checkbox", { name: /execute:mcp/ })).toBeChecked();
  for (const resource of ["Tasks", "Context", "Agents"])
    await expect(page.getByRole("group", { name: resource }).getByRole("radio", { name: "None" })).toBeChecked();
  await page.getByRole("radio", { name: "Read read:tasks" }).check();
  await page.getByRole("radio", { name: /^7 days/ }).check();
  await expect(page.getByRole("region", { name: "Summary" })).toContainText("read tasks");
  await snapshot(page, testInfo, "generate-form");
  await page.getByRole("button", { name: "Generate token" }).click();

  const token = await readIssuedToken(page);
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Cursor configuration", { exact: true })).toContainText(
    `"Authorization": "Bearer ${token}"`,
  );
  await expect(dialog.getByLabel("Cursor configuration", { exact: true })).toContainText("/mcp");
  await dialog.getByRole("tab", { name: "Claude Code" }).click();
  await expect(dialog.getByLabel("Claude Code configuration", { exact: true })).toContainText(
    `claude mcp add --transport http keyway`,
  );
  await expect(dialog.getByLabel("Claude Code configuration", { exact: true })).toContainText(
    `--header "Authorization: Bearer ${token}"`,
  );
  await dialog.getByRole("button", { name: "Copy token" }).click();
  await expect(dialog.getByRole("button", { name: "Copy token" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await snapshot(page, testInfo, "copy-once-dialog");

  // Escape and a click outside do not lose the secret.
  await page.keyboard.press("Escape");
  await page.mouse.click(5, 5);
  await expect(dialog.getByLabel("Your token")).toHaveValue(token);

  // The token works against /mcp from outside the browser; write:tasks was not granted.
  expect(
    (
      await mcpCall(request, token, "initialize", {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "e2e", version: "1" },
      })
    ).status,
  ).toBe(200);
  const listed = await toolCall(request, token, "list_tasks");
  expect(listed.body.result.structuredContent).toEqual({ tasks: [], nextCursor: null });
  const refused = await toolCall(request, token, "create_task", { title: "not allowed" });
  expect(refused.status).toBe(403);
  expect(refused.body.error.message).toContain("requires the write:tasks scope");

  await dialog.getByRole("button", { name: "Done, I have copied it" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  expect(await page.evaluate((secret) => document.documentElement.outerHTML.includes(secret), token)).toBe(false);

  const row = page.getByRole("row", { name: "Cursor" });
  await expect(row.getByText("active")).toBeVisible();
  await expect(row.getByText("expires soon")).toBeVisible(); // 7 days is inside the warning window
  await snapshot(page, testInfo, "tokens-list");

  // Usage counts the three calls once the one-second flush has run. Each try reloads and looks
  // for a while (the list is fetched after the page loads, slowly on a busy machine); the retry
  // loop around it is much longer, so a busy machine still gets several tries.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row", { name: "Cursor" }).getByTestId("requests-24h")).toHaveText("3", {
      timeout: 8_000,
    });
  }).toPass({ timeout: 60_000 });
  await page.getByRole("button", { name: "Usage of Cursor" }).click();
  const usage = page.getByRole("dialog");
  const totals = usage.getByRole("definition");
  await expect(totals.first()).toHaveText("3");
  const byTool = usage.getByRole("table", { name: "Requests by tool" });
  await expect(byTool.getByRole("row", { name: /list_tasks/ })).toContainText("1");
  await expect(
    byTool
      .getByRole("row", { name: /create_task/ })
      .getByRole("cell")
      .nth(3),
  ).toHaveText("1"); // denied
  // Each call in the per-request log, newest first, with the client's address.
  const log = usage.getByTestId("request-log-entry");
  await expect(log).toHaveCount(3);
  await expect(log.first()).toContainText("create_task");
  await expect(log.first()).toContainText("Denied");
  await expect(log.last()).toContainText("initialize");
  await expect(
    usage.getByRole("figure", { name: "Requests over time" }).locator(".recharts-bar-rectangle").first(),
  ).toBeVisible();
  await usage.getByRole("button", { name: "7 days" }).click();
  await expect(totals.first()).toHaveText("3");
  await snapshot(page, testInfo, "usage");
  await usage.getByRole("button", { name: "Close" }).click();

  // Rotate: the same copy-once dialog shows the new secret; the old one stops working.
  await page.getByRole("button", { name: "Rotate Cursor" }).click();
  await expect(page.getByRole("dialog", { name: "Rotate “Cursor”?" })).toBeVisible();
  await page.getByRole("button", { name: "Rotate token" }).click();
  const rotated = await readIssuedToken(page);
  expect(rotated).not.toBe(token);
  await page.getByRole("button", { name: "Done, I have copied it" }).click();
  expect((await toolCall(request, token, "whoami")).status).toBe(401);
  expect((await toolCall(request, rotated, "whoami")).status).toBe(200);

  // Revoke the new one, with a confirmation that names it.
  // The rotation is one token with a history, not two entries of the same name.
  await expect(page.getByRole("row", { name: "Cursor" })).toHaveCount(1);
  await expect(page.getByRole("row", { name: "Cursor" }).getByTestId("history")).toContainText("Rotated 1 time");
  await page.getByRole("row", { name: "Cursor" }).getByRole("button", { name: "Revoke Cursor" }).click();
  await expect(page.getByRole("dialog", { name: "Revoke “Cursor”?" })).toBeVisible();
  await page.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText("Revoked “Cursor”.")).toBeVisible();
  const afterRevoke = await toolCall(request, rotated, "whoami");
  expect(afterRevoke.status).toBe(401);
  // Active is the default view; the revoked token is under Revoked, with its history.
  await expect(page.getByRole("row", { name: "Cursor" })).toHaveCount(0);
  await page.getByLabel("Status").selectOption("revoked");
  await expect(page.getByRole("row", { name: "Cursor" }).getByText("revoked", { exact: true })).toBeVisible();
  await expect(page.getByRole("row", { name: "Cursor" }).getByTestId("token-ends")).toContainText(/^Revoked /);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
});

test("the form shows validation messages from the server's schema", async ({ page }) => {
  await signUp(page);
  await page.getByRole("tab", { name: "Generate token" }).click();
  await page.getByRole("radio", { name: "Custom" }).check();
  await page.getByLabel("Days until expiry").fill("400");
  await page.getByLabel("Rate limit (requests per hour)").fill("0");
  await page.getByRole("button", { name: "Generate token" }).click();
  await expect(page.getByText("must not be empty")).toBeVisible();
  await expect(page.getByText("must be at most 365")).toBeVisible();
  await expect(page.getByText("must be at least 1")).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("an organization owner can switch to every token of the organization", async ({ page }) => {
  await signUp(page);
  // Members join an organization outside the API (see the integration tests for a member's token);
  // here the switch is proven to ask for, and show, the organization-wide list.
  const created = await page.request.post("/api/v2/tokens", { data: { name: "owner's own", scopes: ["execute:mcp"] } });
  expect(created.status()).toBe(201);
  // A token the owner does not hold: a service account's, which the list names as its holder.
  const account = await page.request.post("/api/v2/service-accounts", { data: { name: "nightly-ci" } });
  const { id } = await account.json();
  const robot = await page.request.post(`/api/v2/service-accounts/${id}/tokens`, {
    data: { name: "robot's", scopes: ["execute:mcp"] },
  });
  expect(robot.status()).toBe(201);
  await page.reload();
  await expect(page.getByRole("row", { name: "robot's" })).toHaveCount(0);
  const orgWide = page.waitForRequest((request) => request.url().includes("scope=organization"));
  await page.getByLabel("Show all tokens in my organization").check();
  await orgWide;
  await expect(page.getByRole("row", { name: "owner's own" })).toBeVisible();
  await expect(page.getByRole("row", { name: "robot's" })).toContainText("service account nightly-ci");
  await expect(page.getByRole("row", { name: "owner's own" })).not.toContainText("held by");
  // Search finds a token by its holder, and by the last characters the list shows.
  await page.getByLabel("Search tokens").fill("nightly");
  await expect(page.getByRole("row", { name: "owner's own" })).toHaveCount(0);
  await expect(page.getByRole("row", { name: "robot's" })).toBeVisible();
  const { hint } = await created.json();
  await page.getByLabel("Search tokens").fill(`…${hint}`);
  await expect(page.getByRole("row", { name: "robot's" })).toHaveCount(0);
  await expect(page.getByRole("row", { name: "owner's own" })).toBeVisible();
});

test("the form starts clean for every token: the second of two gets only what was chosen for it", async ({ page }) => {
  await signUp(page);
  await page.getByRole("tab", { name: "Generate token" }).click();
  await page.getByLabel("Name").fill("First");
  await page.getByRole("radio", { name: "Read and write write:tasks" }).check();
  await page.getByRole("radio", { name: "Read read:context" }).check();
  await page.getByRole("radio", { name: "Read read:agents" }).check();
  // Write includes read, and the summary says so before anything exists.
  await expect(page.getByRole("region", { name: "Summary" })).toContainText(
    "read and change tasks, read context, read agents",
  );
  await page.getByRole("button", { name: "Generate token" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.getByRole("button", { name: "Done, I have copied it" }).click();

  await page.getByRole("tab", { name: "Generate token" }).click();
  for (const resource of ["Tasks", "Context", "Agents"])
    await expect(page.getByRole("group", { name: resource }).getByRole("radio", { name: "None" })).toBeChecked();
  await expect(page.getByRole("region", { name: "Summary" })).toContainText("use only the system tools");
  await page.getByLabel("Name").fill("Second");
  await page.getByRole("button", { name: "Generate token" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.getByRole("button", { name: "Done, I have copied it" }).click();

  const tokens = (await (await page.request.get("/api/v2/tokens")).json()).tokens as {
    name: string;
    scopes: string[];
  }[];
  expect(Object.fromEntries(tokens.map((token) => [token.name, token.scopes]))).toEqual({
    First: ["execute:mcp", "write:tasks", "read:context", "read:agents"],
    Second: ["execute:mcp"],
  });
});

test("readable on a 375 px phone, usable by keyboard", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signUp(page);
  // Every tab is whole on the screen, none cut off at its edge.
  for (const tab of await page.getByRole("tab").all()) {
    const box = (await tab.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
  }
  await page.getByRole("tab", { name: "Your tokens" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Generate token" })).toBeFocused();
  await expect(page.getByRole("tab", { name: "Generate token" })).toHaveAttribute("aria-selected", "true");
  await page.getByLabel("Name").fill("Phone");
  await page.getByRole("button", { name: "Generate token" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await snapshot(page, testInfo, "phone-copy-once");
  // The page behind a dialog stays put: scrolling over it moves nothing (one scroll area, the dialog's).
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.mouse.move(4, 4);
  await page.mouse.wheel(0, -1500);
  await page.mouse.move(187, 370);
  await page.mouse.wheel(0, -3000);
  expect(scrolled).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByRole("button", { name: "Done, I have copied it" }).click();
  await expect(page.getByRole("row", { name: "Phone" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

test("finds and sorts among 30 tokens in a compact table", async ({ page }) => {
  await signUp(page);
  for (let i = 1; i <= 30; i++) {
    const name = `agent-${String(i).padStart(2, "0")}`;
    const created = await page.request.post("/api/v2/tokens", {
      data: { name, scopes: ["execute:mcp"], rateLimitPerHour: 100 + i },
    });
    expect(created.status()).toBe(201);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/tokens");
  const rows = page.getByRole("table", { name: "Your tokens" }).getByRole("row", { name: /^agent-/ });
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toHaveAccessibleName("agent-30");
  // The first page comes with the page itself, not from a request made after it appears.
  const html = await (await page.request.get("/tokens?q=agent-2")).text();
  expect(html).toContain("agent-29");
  expect(html).not.toContain("agent-19");
  // Twenty tokens fit in a few screens, not five thousand pixels.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2_600);
  await expect(page.getByTestId("token-count")).toHaveText("30 tokens, 20 shown");
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(30);
  await expect(page.getByTestId("token-count")).toHaveText("30 tokens");

  await page.getByLabel("Search tokens").fill("agent-1");
  await expect(rows).toHaveCount(10);
  await expect(rows.first()).toHaveAccessibleName("agent-19");
  await page.getByLabel("Sort").selectOption("name");
  await expect(rows.first()).toHaveAccessibleName("agent-10");
  // The search and sort are in the address: a reload (or a shared link) shows the same list.
  await expect(page).toHaveURL(/q=agent-1/);
  await expect(page).toHaveURL(/sort=name/);
  await page.reload();
  await expect(page.getByLabel("Search tokens")).toHaveValue("agent-1");
  await expect(page.getByLabel("Sort")).toHaveValue("name");
  await expect(rows).toHaveCount(10);
  await expect(rows.first()).toHaveAccessibleName("agent-10");
  await page.getByLabel("Search tokens").fill("");
  await page.getByLabel("Sort").selectOption("rateLimit");
  await expect(rows.first()).toHaveAccessibleName("agent-30");
  await expect(rows.first()).toContainText("130/h");
  // Several at once: chosen in their rows, revoked together after one confirmation.
  await page.getByLabel("Select agent-30").check();
  await page.getByLabel("Select agent-29").check();
  await page.getByRole("button", { name: "Revoke selected (2)" }).click();
  await expect(page.getByRole("dialog")).toContainText("agent-30, agent-29");
  await page.getByRole("button", { name: "Revoke tokens" }).click();
  await expect(page.getByText("Revoked 2 tokens. Requests with them now fail.")).toBeVisible();
  await expect(page.getByTestId("token-count")).toHaveText("28 tokens, 20 shown");
  await expect(page.getByRole("row", { name: "agent-30" })).toHaveCount(0);
  await page.getByLabel("Search tokens").fill("nothing like it");
  await expect(page.getByText("No active tokens named like “nothing like it”.")).toBeVisible();
});

test("editing a token from its row renames, narrows and keeps the organization's policy", async ({ page }) => {
  await signUp(page);
  const policy = await page.request.put("/api/v2/organization/policy", {
    data: {
      maxExpiryDays: null,
      maxRateLimitPerHour: 500,
      memberScopes: null,
      approvalForWrite: false,
      requireAllowedAddresses: false,
    },
  });
  expect(policy.status()).toBe(200);
  await page.request.post("/api/v2/tokens", {
    data: { name: "Editable", scopes: ["execute:mcp", "write:tasks"], rateLimitPerHour: 100 },
  });
  await page.goto("/tokens");
  await page.getByRole("button", { name: "Edit Editable" }).click();
  const dialog = page.getByRole("dialog");
  // At a laptop's width everything fits in the dialog: nothing runs past an edge or overlaps.
  const layout = await dialog.evaluate((element) => {
    const edge = element.getBoundingClientRect().right;
    const boxes = [...element.querySelectorAll("fieldset")].map((box) => box.getBoundingClientRect());
    return {
      pastEdge: boxes.filter((box) => box.right > edge + 0.5).length,
      overlapping: boxes.filter((a, i) =>
        boxes.some(
          (b, j) => i < j && a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom && b.top < a.bottom,
        ),
      ).length,
    };
  });
  expect(layout).toEqual({ pastEdge: 0, overlapping: 0 });
  // Scopes only narrow: nothing above what the token holds can be chosen.
  await expect(dialog.getByRole("radio", { name: "Read read:agents" })).toBeDisabled();
  await expect(dialog.getByRole("radio", { name: "Read and write write:tasks" })).toBeChecked();
  await dialog.getByLabel("Rate limit (requests per hour)").fill("5000");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toContainText("policy allows at most 500 requests per hour");
  await dialog.getByLabel("Rate limit (requests per hour)").fill("400");
  await dialog.getByLabel("Name", { exact: true }).fill("Edited");
  await dialog.getByLabel("Description").fill("The nightly triage agent");
  await dialog.getByRole("radio", { name: "Read read:tasks" }).check();
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const row = page.getByRole("row", { name: "Edited" });
  await expect(row).toContainText("400/h");
  await expect(row).toContainText("The nightly triage agent");
  await expect(row.getByRole("list", { name: "Scopes" })).toHaveText(/execute:mcp\s*read:tasks/);
});

test("usage of a token used by the 2.x SDK client shows its calls, not its transport requests, with the client's name", async ({
  page,
  baseURL,
}) => {
  await signUp(page);
  const created = await page.request.post("/api/v2/tokens", {
    data: { name: "SDK agent", scopes: ["execute:mcp", "read:tasks"] },
  });
  const { token } = await created.json();
  // The client in its default flow: initialize, notifications/initialized, a GET stream probe, then calls.
  const client = new Client({ name: "e2e-usage-agent", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${baseURL}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  await client.callTool({ name: "list_tasks", arguments: {} });
  await client.callTool({ name: "list_tasks", arguments: {} });
  await client.close();

  await page.goto("/tokens");
  const dialog = page.getByRole("dialog");
  await expect(async () => {
    await page.reload();
    await page.getByRole("button", { name: "Usage of SDK agent" }).click();
    await expect(dialog.getByTestId("request-log-entry").filter({ hasText: "list_tasks" })).toHaveCount(2, {
      timeout: 2_000,
    });
  }).toPass({ timeout: 40_000 });
  const byTool = dialog.getByRole("table", { name: "Requests by tool" });
  await expect(byTool.getByRole("row", { name: /list_tasks/ })).toContainText("2");
  for (const transport of ["notifications/initialized", "http:GET", "http:DELETE"]) {
    await expect(dialog.getByText(transport)).toHaveCount(0);
  }
  // Every call the log lists is attributed to the client by its own name.
  const entries = dialog.getByTestId("request-log-entry");
  const count = await entries.count();
  expect(count).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < count; i++) await expect(entries.nth(i)).toContainText("e2e-usage-agent");
  await expect(dialog.getByRole("definition").first()).toHaveText(String(count));
});

test("rotating with an overlap keeps the old secret working until it is stopped", async ({ page, request }) => {
  await signUp(page);
  const created = await page.request.post("/api/v2/tokens", { data: { name: "Deploy", scopes: ["execute:mcp"] } });
  const old = (await created.json()).token as string;
  await page.goto("/tokens");
  await page.getByRole("button", { name: "Rotate Deploy" }).click();
  await page.getByRole("dialog").getByLabel("The old secret").selectOption("1h");
  await page.getByRole("button", { name: "Rotate token" }).click();
  const rotated = await readIssuedToken(page);
  await page.getByRole("button", { name: "Done, I have copied it" }).click();
  await expect(page.getByText(/Rotated “Deploy”\. The old secret stops at/)).toBeVisible();

  // Both work during the overlap, and the row says when the old one stops.
  expect((await toolCall(request, old, "whoami")).status).toBe(200);
  expect((await toolCall(request, rotated, "whoami")).status).toBe(200);
  const row = page.getByRole("row", { name: "Deploy" });
  await expect(row.getByTestId("overlap")).toContainText("stops at");

  // Usage and the request log are the token's across its secrets, each call with the one it used.
  const { hint: oldHint } = await created.json();
  const dialog = page.getByRole("dialog");
  await expect(async () => {
    await page.reload();
    await page.getByRole("button", { name: "Usage of Deploy" }).click();
    await expect(dialog.getByTestId("request-log-entry")).toHaveCount(2, { timeout: 2_000 });
  }).toPass({ timeout: 40_000 });
  await expect(dialog.getByTestId("request-log-entry").filter({ hasText: `old …${oldHint}` })).toHaveCount(1);
  await expect(dialog.getByTestId("request-log-entry").filter({ hasText: "current …" })).toHaveCount(1);
  await expect(dialog.getByRole("definition").first()).toHaveText("2");
  await dialog.getByRole("button", { name: "Close" }).click();
  // The row says when the old secret was last used: whether clients have moved.
  await page.reload();
  await expect(row.getByTestId("overlap")).toContainText("last used");
  await expect(row.getByTestId("requests-24h")).toHaveText("2");
  await row.getByRole("button", { name: "Stop it now" }).click();
  await page.getByRole("button", { name: "Revoke old secret" }).click();
  await expect(page.getByText("The old secret of “Deploy” no longer works.")).toBeVisible();
  expect((await toolCall(request, old, "whoami")).status).toBe(401);
  expect((await toolCall(request, rotated, "whoami")).status).toBe(200);
  await expect(page.getByRole("row", { name: "Deploy" }).getByTestId("overlap")).toHaveCount(0);

  // The token's own page: its details, both secrets, and every request with the one it used.
  await page.getByRole("row", { name: "Deploy" }).getByRole("link", { name: "Deploy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Deploy" })).toBeVisible();
  await expect(page.getByLabel("Details")).toContainText("Held by");
  await expect(page.getByLabel("Details")).toContainText(/Created.* by /);
  const secrets = page.getByTestId("token-secrets").getByRole("listitem");
  await expect(secrets).toHaveCount(2);
  await expect(secrets.nth(1)).toContainText(`…${oldHint} replaced by rotation; stopped`);
  await expect(secrets.nth(1)).toContainText("last used");
  // Three calls by now: the two above and the new secret's after the old one stopped (usage is
  // written about once a second, so each try reloads; the retry loop around it is longer).
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("request-log-entry")).toHaveCount(3, { timeout: 2_000 });
  }).toPass({ timeout: 40_000 });
  await expect(page.getByTestId("request-log-entry").filter({ hasText: `old …${oldHint}` })).toHaveCount(1);
  await expect(page.getByTestId("request-log-entry").filter({ hasText: "current …" })).toHaveCount(2);
  // Another id, or someone else's token, is not there.
  expect((await page.request.get("/tokens/no-such-token")).status()).toBe(404);
});

test("tokens that stop within a week are named at the top of the list, ahead of time", async ({ page }) => {
  await signUp(page);
  for (const [name, days] of [
    ["Long-lived", 90],
    ["Short-lived", 3],
  ] as const) {
    const created = await page.request.post("/api/v2/tokens", {
      data: { name, scopes: ["execute:mcp"], expiresInDays: days },
    });
    expect(created.status()).toBe(201);
  }
  await page.goto("/tokens");
  const reminder = page.getByTestId("expiry-reminder");
  await expect(reminder).toContainText("A token of yours stops within a week: Short-lived");
  await expect(reminder).not.toContainText("Long-lived");
  await reminder.getByRole("link", { name: "Short-lived" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Short-lived" })).toBeVisible();
});
