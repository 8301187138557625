import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { freePort, startServer, type RunningServer } from "../tests/helpers/server";

// Issue 25, item 2, passkeys: added on the Account page and used as the second factor at sign-in,
// through Chromium's virtual authenticator (the DevTools WebAuthn domain). WebAuthn refuses IP
// addresses as relying parties, so this test runs its own server at http://localhost:<port>.

let server: RunningServer;
let base: string;

test.beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  server = await startServer({ PORT: String(port), APP_URL: base });
});

test.afterAll(() => server.stop());

test("a passkey is added on the Account page and signs in as the second factor", async ({ page }) => {
  test.slow();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  const email = `passkey-${randomUUID().slice(0, 8)}@example.test`;
  await page.goto(`${base}/signup`);
  await page.getByLabel("Name").fill("Pat Key");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/tokens$/);

  await page.getByRole("link", { name: "Pat Key" }).click();
  await page.getByLabel("Passkey name").fill("Test laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await expect(page.getByRole("list", { name: "Passkeys" })).toContainText("Test laptop");
  // The authenticator holds one discoverable credential for this site.
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toEqual([expect.objectContaining({ rpId: "localhost", isResidentCredential: true })]);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Pat Key" })).toBeVisible();
});
