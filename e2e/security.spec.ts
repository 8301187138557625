import { expect, test, type Page } from "@playwright/test";
import { signUp } from "./helpers";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Every request the page makes off this machine is aborted and remembered, never sent. */
async function keepTrafficLocal(page: Page): Promise<string[]> {
  const leaving: string[] = [];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (LOOPBACK_HOSTS.has(url.hostname)) return route.continue();
    leaving.push(url.href);
    return route.abort("blockedbyclient");
  });
  return leaving;
}

/** Console reports of scripts, styles or frames the page's policy refused. */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test("every page sends the security headers and works under its Content-Security-Policy", async ({ page }) => {
  const violations = cspViolations(page);
  const seen: Record<string, string>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "document") seen.push(response.headers());
  });

  await page.goto("/signin");
  await signUp(page);
  for (const path of ["/tasks", "/agents", "/docs/mcp", "/audit", "/tokens"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // Hydrated under the policy: the client-side tabs respond.
  await page.getByRole("tab", { name: "Generate token" }).click();
  await expect(page.getByLabel("Name")).toBeVisible();

  expect(seen.length).toBeGreaterThanOrEqual(6);
  const nonces = new Set<string>();
  for (const headers of seen) {
    const csp = headers["content-security-policy"] ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    nonces.add(nonce!);
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  }
  expect(nonces.size).toBe(seen.length);
  expect(violations).toEqual([]);

  // The app's icon (public/) is what the pages name.
  for (const [rel, type] of [
    ["icon", "image/svg+xml"],
    ["apple-touch-icon", "image/png"],
  ]) {
    const href = await page.locator(`link[rel="${rel}"]`).first().getAttribute("href");
    const icon = await page.request.get(href!);
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toContain(type);
  }
});

test("sign-in never sends the browser to another site, whatever callbackUrl says", async ({ page }) => {
  const leaving = await keepTrafficLocal(page);
  const email = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  for (const callbackUrl of ["/\\evil.example/", "/\t/evil.example/", "/\\/evil.example/"]) {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(test.info().project.use.baseURL!).origin);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
  }
  expect(leaving).toEqual([]);
});
