import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signInWithPassword, signUp, toolCall } from "./helpers";

// Issue 35: usage across all tokens with a filterable request log, the token list exported, the
// sessions one is signed in with, and token cards that fit a phone.

async function newToken(page: import("@playwright/test").Page, name: string, scopes = ["execute:mcp"]) {
  const created = await page.request.post("/api/v2/tokens", { data: { name, scopes } });
  expect(created.status()).toBe(201);
  return (await created.json()) as { id: string; token: string };
}

test("usage of all one's tokens on one tab, with a request log filtered to what failed and why", async ({ page }) => {
  await signUp(page);
  const agent = await newToken(page, "Agent");
  const reader = await newToken(page, "Reader");
  for (let i = 0; i < 2; i++) expect((await toolCall(page.request, agent.token, "whoami")).status).toBe(200);
  expect((await toolCall(page.request, reader.token, "list_tasks")).status).toBe(403);

  await page.goto("/tokens?tab=usage");
  const panel = page.getByRole("tabpanel", { name: "Usage" });
  // Usage is written about once a second: each try reloads, the retry loop around it is longer.
  await expect(async () => {
    await page.reload();
    await expect(panel.getByRole("definition").first()).toHaveText("3", { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  const busiest = panel.getByTestId("busiest-token");
  await expect(busiest.first()).toContainText("Agent");
  await expect(busiest.last()).toContainText("Reader");

  const log = panel.getByTestId("request-log-entry");
  await expect(log).toHaveCount(3);
  await panel.getByLabel("Outcome").selectOption("denied");
  await expect(log).toHaveCount(1);
  await expect(log).toContainText("Reader");
  await expect(log).toContainText("list_tasks");
  await expect(log).toContainText("(403)");
  await expect(log).toContainText("read:tasks"); // the reason names the missing scope
  await expect(log).toContainText(/\d+ ms/);
  await panel.getByLabel("Outcome").selectOption("");
  await panel.getByLabel("Tool or method").selectOption("whoami");
  await expect(log).toHaveCount(2);
  await expect(log.first()).toContainText("Agent");
  await expect(log.first()).toContainText("Succeeded (200)");
  await busiest.first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Agent" })).toBeVisible();
});

test("the token list downloads as CSV with the filters it shows", async ({ page }) => {
  await signUp(page);
  await newToken(page, "Exported one");
  await newToken(page, "Other");
  await page.goto("/tokens?q=Exported");
  await expect(page.getByRole("row", { name: "Exported one" })).toBeVisible();
  await expect(page.getByRole("row", { name: "Other" })).toHaveCount(0);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^keyway-tokens-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = (await readFile((await download.path())!, "utf8")).trimEnd().split("\r\n");
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatch(/^id,name,description,holder,/);
  expect(rows[1]).toContain(",Exported one,");
});

test("the Account page lists one's sessions and signs another browser out", async ({ page, browser }) => {
  const email = await signUp(page);
  // A second browser signs in to the same account.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInWithPassword(otherPage, email);
  await expect(otherPage.getByRole("button", { name: "Sign out" })).toBeVisible();

  await page.goto("/account");
  const sessions = page.getByTestId("session");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "This session" })).toHaveCount(1);
  // Named as people name browsers (Playwright's Chromium says it is Chrome on its device's system).
  await expect(sessions.first()).toContainText(/Chrome on (Linux|Windows|macOS)/);
  const theirs = sessions.filter({ hasNotText: "This session" });
  await theirs.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText(/^Signed out of Chrome on \w+\.$/)).toBeVisible();
  await expect(sessions).toHaveCount(1);

  // The other browser is signed out at once: its next page asks it to sign in.
  await otherPage.goto("/tokens");
  await expect(otherPage).toHaveURL(/\/signin/);
  await other.close();
  // This one still works.
  await page.goto("/tokens");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/tokens$/);
});

test("a token is a compact card on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  await newToken(page, "Phone card", ["execute:mcp", "read:tasks", "write:context"]);
  await page.goto("/tokens");
  const card = page.getByRole("row", { name: "Phone card" });
  await expect(card).toBeVisible();
  const box = (await card.boundingBox())!;
  // Was about 370 px with every fact on a line of its own.
  expect(box.height).toBeLessThan(260);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  // Every fact is still there, named.
  for (const label of ["Last used", "Expires", "Rate limit", "Requests (24 h)", "Status"]) {
    await expect(card.locator(`td[data-label="${label}"]`)).toBeVisible();
  }
  await expect(card.getByRole("checkbox", { name: "Select Phone card" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

test("whoever finds a token can stop it on the report page, with no account", async ({ page, browser }) => {
  await signUp(page);
  const leaked = await newToken(page, "Pasted in a gist");
  expect((await toolCall(page.request, leaked.token, "whoami")).status).toBe(200);

  const stranger = await browser.newContext();
  const report = await stranger.newPage();
  await report.goto("/report");
  await report.getByLabel("The secret").fill("not a secret of anyone's");
  await report.getByRole("button", { name: "Stop this secret" }).click();
  await expect(report.getByRole("status")).toHaveText(
    "This is not a secret of this Keyway, so nothing was changed here.",
  );
  await report.getByLabel("The secret").fill(leaked.token);
  await report.getByRole("button", { name: "Stop this secret" }).click();
  await expect(report.getByRole("status")).toHaveText("Thank you: it was a Keyway secret, and it no longer works.");
  await expect(report.getByLabel("The secret")).toHaveValue("");
  await stranger.close();

  expect((await toolCall(page.request, leaked.token, "whoami")).status).toBe(401);
  // Its holder sees why: revoked as leaked, with an activity flag.
  await page.goto(`/tokens/${leaked.id}`);
  await expect(page.getByText("leaked: reported by someone who found it")).toBeVisible();
});
