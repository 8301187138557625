import { expect, test } from "@playwright/test";
import { signUp, toolCall } from "./helpers";

// Issue 24, item 1: an owner creates a service account and its token on the Organization page; the
// token acts as the service account on /mcp, rotates with an overlap from the account's card, and
// stops when the account is disabled.
test("an owner makes a service account and its token, rotates it with an overlap, and disables the account", async ({
  page,
  request,
}) => {
  test.slow();
  await signUp(page, "Sam Owner");
  await page.getByRole("banner").getByRole("link", { name: "Organization" }).click();
  // The page's sections can be jumped to, each link to a section that is there.
  const sections = page.getByRole("navigation", { name: "On this page" }).getByRole("link");
  await expect(sections).toHaveCount(9);
  for (const link of await sections.all())
    await expect(page.locator((await link.getAttribute("href"))!)).toHaveCount(1);
  await sections.filter({ hasText: "Your MCP servers" }).click();
  await expect(page).toHaveURL(/#upstream-servers-heading$/);
  await expect(page.getByRole("heading", { name: "Your MCP servers" })).toBeInViewport();
  await page.getByLabel("Service account name").fill("nightly-ci");
  await page.getByRole("button", { name: "Create service account" }).click();
  const card = page.getByRole("listitem").filter({ has: page.getByText("nightly-ci", { exact: true }) });
  await expect(card).toContainText("0 active tokens");

  // The dialog has a way out that makes nothing.
  await card.getByRole("button", { name: "New token" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(card).toContainText("0 active tokens");

  await card.getByRole("button", { name: "New token" }).click();
  const form = page.getByRole("dialog", { name: "New token for “nightly-ci”" });
  await form.getByLabel("Name").fill("ci-deploy");
  await form.getByRole("radio", { name: "Read read:tasks" }).check();
  await form.getByRole("button", { name: "Generate token" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("It will not be shown again")).toBeVisible();
  const token = await dialog.getByLabel("Your token").inputValue();
  await dialog.getByRole("button", { name: "Done, I have copied it" }).click();

  const whoami = await toolCall(request, token, "whoami");
  expect(whoami.status).toBe(200);
  expect(whoami.body.result.structuredContent).toMatchObject({ user: null, serviceAccount: { name: "nightly-ci" } });
  await expect(card).toContainText("1 active token");
  const tokens = card.getByRole("list", { name: "Tokens of nightly-ci" });
  await expect(tokens).toContainText("ci-deploy");

  // Rotation with an overlap: both secrets work, and the card says when the old one stops.
  await tokens.getByRole("button", { name: "Rotate" }).click();
  await page.getByRole("dialog").getByLabel("The old secret").selectOption("1h");
  await page.getByRole("button", { name: "Rotate token" }).click();
  await expect(page.getByRole("dialog").getByText("It will not be shown again")).toBeVisible();
  const rotated = await page.getByRole("dialog").getByLabel("Your token").inputValue();
  expect(rotated).not.toBe(token);
  await page.getByRole("button", { name: "Done, I have copied it" }).click();
  await expect(tokens).toContainText("old token stops at");
  expect((await toolCall(request, token, "whoami")).status).toBe(200);
  expect((await toolCall(request, rotated, "whoami")).status).toBe(200);

  // Disabled: every token of the account is refused at its next request.
  await card.getByRole("button", { name: "Disable" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable" }).click();
  await expect(card.getByText("disabled", { exact: true })).toBeVisible();
  expect((await toolCall(request, rotated, "whoami")).status).toBe(401);
  expect((await toolCall(request, token, "whoami")).status).toBe(401);
});
