import AxeBuilder from "@axe-core/playwright";
import { githubActionsClaims, startWorkloadIssuer } from "../tests/helpers/workload-issuer";
import { expect, test, type Page } from "@playwright/test";
import { mcpCall, signUp } from "./helpers";

// Issue 22: the console for keyboards, screen readers and phones. axe-core on every page at a
// laptop's and a phone's width, focus back on what opened each dialog, a skip link, and a phone
// menu that reaches every page.

const WIDTHS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** axe-core violations of the page as it is now, all but minor ones, named for the failure message. */
async function axeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact !== "minor")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

async function tokenWithUsage(page: Page) {
  const created = await page.request.post("/api/v2/tokens", {
    data: { name: "Axe agent", scopes: ["execute:mcp", "write:tasks"] },
  });
  const { token, id } = await created.json();
  await mcpCall(page.request, token, "tools/call", { name: "create_task", arguments: { title: "A task for axe" } });
  return id as string;
}

const SCHEMES = ["light", "dark"] as const;

for (const size of WIDTHS)
  for (const colorScheme of SCHEMES) {
    test(`no critical, serious or moderate axe-core violations on any page (${size.name}, ${colorScheme})`, async ({
      page,
      browser,
    }) => {
      test.slow();
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme });
      await signUp(page);
      const tokenId = await tokenWithUsage(page);
      // Every page is checked before the verdict, so one run names every violation.
      const found: Record<string, string[]> = {};
      const check = async (target: Page, where: string) => {
        const violations = await axeViolations(target);
        if (violations.length) found[where] = violations;
      };
      const pages = [
        "/",
        "/tokens",
        "/tokens?tab=generate",
        "/tokens?tab=apps",
        "/tasks",
        "/agents",
        "/organization",
        "/audit",
        "/docs/mcp",
        "/account",
        "/no-such-page",
      ];
      for (const path of pages) {
        await page.goto(path);
        await expect(page.getByRole("main")).toBeVisible();
        // Wait for what the page loads after its first paint.
        if (path === "/tokens") await expect(page.getByRole("row", { name: "Axe agent" })).toBeVisible();
        if (path === "/account") await expect(page.getByTestId("session").first()).toBeVisible();
        await check(page, path);
      }

      // A token's own page, with its usage and request log.
      await page.goto(`/tokens/${tokenId}`);
      await expect(page.getByTestId("request-log-entry").first()).toBeVisible();
      await check(page, "token page");
      // Usage across all tokens, with the same request log.
      await page.goto("/tokens?tab=usage");
      await expect(page.getByTestId("request-log-entry").first()).toBeVisible();
      await check(page, "usage overview");

      // The dialogs: a token's usage with its request log, and the copy-once dialog.
      await page.goto(`/tokens?token=${tokenId}`);
      await expect(page.getByTestId("request-log-entry").first()).toBeVisible();
      await check(page, "usage dialog");
      // The chart's tooltip, shown by pointing at a bar.
      await page.getByRole("figure", { name: "Requests over time" }).locator(".recharts-bar-rectangle").first().hover();
      await expect(page.locator(".recharts-tooltip-wrapper")).toBeVisible();
      await check(page, "usage chart tooltip");
      // Each dialog a token's row opens.
      await page.goto("/tokens");
      for (const action of ["Edit", "Rotate", "Revoke"]) {
        await page.getByRole("button", { name: `${action} Axe agent` }).click();
        await expect(page.getByRole("dialog")).toBeVisible();
        await check(page, `${action.toLowerCase()} dialog`);
        await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
        await expect(page.getByRole("dialog")).toHaveCount(0);
      }
      // A service account trusting a workload, and the dialog that edits the trust.
      const issuer = await startWorkloadIssuer(githubActionsClaims("acme/app"));
      try {
        const account = await (
          await page.request.post("/api/v2/service-accounts", { data: { name: "Axe bot" } })
        ).json();
        const trusted = await page.request.post(`/api/v2/service-accounts/${account.id}/trust-policies`, {
          data: {
            name: "Axe workflow",
            issuer: issuer.issuer,
            conditions: { repository: "acme/app" },
            scopes: ["execute:mcp"],
          },
        });
        expect(trusted.status()).toBe(201);
        await page.goto("/organization");
        await expect(page.getByTestId("trust-policy")).toContainText("Axe workflow");
        await check(page, "organization with a trusted workload");
        await page.getByTestId("trust-policy").getByRole("button", { name: "Edit" }).click();
        await expect(page.getByRole("dialog")).toBeVisible();
        await check(page, "trust policy dialog");
        await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
      } finally {
        await issuer.close();
      }
      await page.goto("/tokens?tab=generate");
      await page.getByLabel("Name").fill("Dialog check");
      await page.getByRole("button", { name: "Generate token" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await check(page, "copy-once dialog");
      if (size.name === "phone") {
        await page.getByRole("button", { name: "Done, I have copied it" }).click();
        await page.getByRole("button", { name: "Menu" }).click();
        await check(page, "phone menu");
      }

      // Signed out: sign-in, sign-up and the 404 page.
      const context = await browser.newContext({ viewport: size, colorScheme });
      const anonymous = await context.newPage();
      for (const path of ["/signin", "/signup", "/report", "/no-such-page"]) {
        await anonymous.goto(path);
        await check(anonymous, `${path} (signed out)`);
      }
      await context.close();
      expect(found).toEqual({});
    });
  }

test("the phone menu reaches every page", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  for (const [label, path] of [
    ["Overview", "/"],
    ["Tasks", "/tasks"],
    ["Agents", "/agents"],
    ["Organization", "/organization"],
    ["Audit log", "/audit"],
    ["Docs", "/docs/mcp"],
    ["API Tokens", "/tokens"],
  ] as const) {
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: label, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path.replace(/\//g, "\\/")}$`));
    // The docs page has its own way back; everywhere else the menu closes on the new page.
    if (path === "/docs/mcp") {
      await page.getByRole("link", { name: "Back to API Tokens" }).click();
      await expect(page).toHaveURL(/\/tokens$/);
    } else {
      await expect(page.getByRole("navigation", { name: "Menu" })).toHaveCount(0);
    }
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

test("focus returns to what opened each dialog, and the skip link jumps to the content", async ({ page }) => {
  await signUp(page);
  await tokenWithUsage(page);
  await page.goto("/tokens");
  const row = page.getByRole("row", { name: "Axe agent" });

  for (const [opener, close] of [
    ["Usage of Axe agent", "Close"],
    ["Edit Axe agent", "Cancel"],
    ["Rotate Axe agent", "Cancel"],
    ["Revoke Axe agent", "Cancel"],
  ] as const) {
    await row.getByRole("button", { name: opener }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("dialog")).toBeVisible();
    await page.getByRole("dialog").getByRole("button", { name: close }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(row.getByRole("button", { name: opener })).toBeFocused();
  }

  // The copy-once dialog's opener is hidden with its tab afterwards: focus goes to the list's tab.
  await page.getByRole("tab", { name: "Generate token" }).click();
  await page.getByLabel("Name").fill("Focus check");
  await page.getByRole("button", { name: "Generate token" }).click();
  const dialog = page.getByRole("dialog");
  // The snippets are a tab list: arrows move between them.
  await dialog.getByRole("tab", { name: "Cursor" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(dialog.getByRole("tab", { name: "VS Code" })).toBeFocused();
  await expect(dialog.getByRole("tab", { name: "VS Code" })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("End");
  await expect(dialog.getByRole("tab", { name: "Claude Code" })).toHaveAttribute("aria-selected", "true");
  await dialog.getByRole("button", { name: "Done, I have copied it" }).click();
  await expect(page.getByRole("tab", { name: "Your tokens" })).toBeFocused();

  await page.goto("/tokens");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
});

test("the smaller things: a branded 404, dark mode, deep links, no second sign-in, confirmed role changes", async ({
  page,
}) => {
  await signUp(page);
  // A signed-in visit to the sign-in page goes where it was headed instead.
  await page.goto("/signin?callbackUrl=%2Forganization");
  await expect(page).toHaveURL(/\/organization$/);
  await expect(page.getByTestId("organization-name")).toHaveText("Tess's organization");

  // A role change takes effect only once confirmed.
  const role = page.getByRole("combobox", { name: /^Role of / });
  await role.selectOption("admin");
  await expect(page.getByRole("dialog")).toContainText("It takes effect at once.");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(page.getByRole("combobox", { name: /^Role of / })).toHaveValue("owner");

  await page.goto("/tokens?tab=generate");
  await expect(page.getByRole("tab", { name: "Generate token" })).toHaveAttribute("aria-selected", "true");

  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to Keyway" }).click();
  await expect(page).toHaveURL(/\/$/);

  // Dark mode follows the system setting.
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(background).not.toBe(light);
  // Chromium reports the colour in the space it was given in (oklch) or as rgb: either way, dark.
  const dark = await background();
  const numbers = dark.match(/[\d.]+/g)!.map(Number);
  if (dark.startsWith("oklch")) expect(numbers[0]).toBeLessThan(0.3);
  else expect(numbers[0]! + numbers[1]! + numbers[2]!).toBeLessThan(150);
});
