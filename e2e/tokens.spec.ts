import { expect, test, type Page, type TestInfo } from "@playwright/test";
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
  await expect(page.getByText("You have no tokens yet.")).toBeVisible();
  await snapshot(page, testInfo, "tokens-empty");

  await page.getByRole("button", { name: "Generate your first token" }).click();
  await expect(page.getByRole("tab", { name: "Generate token" })).toHaveAttribute("aria-selected", "true");
  await page.getByLabel("Name").fill("Cursor");
  await expect(page.getByRole("checkbox", { name: /execute:mcp/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /^read:tasks/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /write:tasks/ })).not.toBeChecked();
  await page.getByRole("radio", { name: "7 days" }).check();
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

  const row = page.getByRole("listitem", { name: "Cursor" });
  await expect(row.getByText("active")).toBeVisible();
  await expect(row.getByText("expires soon")).toBeVisible(); // 7 days is inside the warning window
  await snapshot(page, testInfo, "tokens-list");

  // Usage counts the three calls once the one-second flush has run. Each try reloads and looks
  // briefly; the retry loop around it is much longer, so a busy machine gets many tries.
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole("listitem", { name: "Cursor" }).getByText("Requests (24 h)").locator("..").locator("dd"),
    ).toHaveText("3", { timeout: 2_000 });
  }).toPass({ timeout: 40_000 });
  await page.getByRole("button", { name: "Usage of Cursor" }).click();
  const usage = page.getByRole("dialog");
  const totals = usage.getByRole("definition");
  await expect(totals.first()).toHaveText("3");
  await expect(usage.getByRole("row", { name: /list_tasks/ })).toContainText("1");
  await expect(
    usage
      .getByRole("row", { name: /create_task/ })
      .getByRole("cell")
      .nth(3),
  ).toHaveText("1"); // denied
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
  await page.getByRole("listitem", { name: "Cursor" }).first().getByRole("button", { name: "Revoke Cursor" }).click();
  await expect(page.getByRole("dialog", { name: "Revoke “Cursor”?" })).toBeVisible();
  await page.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText("Revoked “Cursor”.")).toBeVisible();
  const afterRevoke = await toolCall(request, rotated, "whoami");
  expect(afterRevoke.status).toBe(401);
  await expect(page.getByRole("listitem", { name: "Cursor" }).getByText("revoked", { exact: true })).toHaveCount(2);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
});

test("the form shows validation messages from the server's schema", async ({ page }) => {
  await signUp(page);
  await page.getByRole("tab", { name: "Generate token" }).click();
  await page.getByRole("checkbox", { name: /execute:mcp/ }).uncheck();
  await page.getByRole("checkbox", { name: /^read:tasks/ }).uncheck();
  await page.getByRole("radio", { name: "Custom" }).check();
  await page.getByLabel("Days until expiry").fill("400");
  await page.getByLabel("Rate limit (requests per hour)").fill("0");
  await page.getByRole("button", { name: "Generate token" }).click();
  await expect(page.getByText("must not be empty")).toBeVisible();
  await expect(page.getByText("must name at least one scope")).toBeVisible();
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
  await page.reload();
  const orgWide = page.waitForRequest((request) => request.url().includes("scope=organization"));
  await page.getByLabel("Show all tokens in my organization").check();
  await orgWide;
  await expect(page.getByRole("listitem", { name: "owner's own" })).toBeVisible();
});

test("write scopes show the read scope they include", async ({ page }) => {
  await signUp(page);
  await page.getByRole("tab", { name: "Generate token" }).click();
  await page.getByRole("checkbox", { name: /write:agents/ }).check();
  const read = page.getByRole("checkbox", { name: /^read:agents/ });
  await expect(read).toBeChecked();
  await expect(read).toBeDisabled();
  await expect(page.getByText("included in write:agents")).toBeVisible();
});

test("readable on a 375 px phone, usable by keyboard", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signUp(page);
  await page.getByRole("tab", { name: "Your tokens" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Generate token" })).toBeFocused();
  await expect(page.getByRole("tab", { name: "Generate token" })).toHaveAttribute("aria-selected", "true");
  await page.getByLabel("Name").fill("Phone");
  await page.getByRole("button", { name: "Generate token" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await snapshot(page, testInfo, "phone-copy-once");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByRole("button", { name: "Done, I have copied it" }).click();
  await expect(page.getByRole("listitem", { name: "Phone" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});
