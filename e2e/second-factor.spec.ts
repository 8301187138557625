import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import jsQR from "jsqr";
import * as OTPAuth from "otpauth";
import { PNG } from "pngjs";
import { signUp } from "./helpers";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

// Issue 25, item 2, in the browser: set up an authenticator app on the Account page, keep the
// recovery codes, sign in again with a code (a wrong one refused), then require a second factor
// of the organization's members on the Organization page.

const code = (secret: string, offsetSeconds = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSeconds * 1000,
  });

test("two-factor sign-in: set up on the Account page, asked for at sign-in, required by the owner", async ({
  page,
}) => {
  test.slow();
  const email = await signUp(page, "Tia Two");
  await page.getByRole("link", { name: "Tia Two" }).click();
  await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  // The QR code is what a phone scans: read from the page's pixels, it is the otpauth URI of the
  // same key, and its code turns two-factor sign-in on.
  const shot = PNG.sync.read(await page.getByRole("img", { name: "QR code for your authenticator app" }).screenshot());
  const scanned = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
  expect(scanned?.data).toMatch(/^otpauth:\/\/totp\//);
  const totp = OTPAuth.URI.parse(scanned!.data) as OTPAuth.TOTP;
  expect(totp.secret.base32).toBe(secret);
  expect(totp.label).toBe(email);
  // A wrong code is refused in words, not as the API's "code: ..." wire form.
  await page.getByLabel("Code from the app").fill(totp.generate() === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByText("Not the code your authenticator app shows now.")).toBeVisible();
  await expect(page.getByText(/code: /)).toHaveCount(0);
  await page.getByLabel("Code from the app").fill(totp.generate());
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  // Shown once, so they can be copied and saved as a file.
  const shown = await codes.allTextContents();
  await page.getByRole("button", { name: "Copy the recovery codes" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown.join("\n"));
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the recovery codes" }).click();
  expect((await download).suggestedFilename()).toBe("keyway-recovery-codes.txt");
  const saved = readFileSync((await (await download).path())!, "utf8");
  for (const recovery of shown) expect(saved).toContain(recovery);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const codeField = page.getByLabel("Authentication code");
  await expect(codeField).toBeVisible();
  await codeField.fill(code(secret) === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The code is not right" })).toBeVisible();
  await codeField.fill(code(secret, 30));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Tia Two" })).toBeVisible();

  await page.getByRole("banner").getByRole("link", { name: "Organization" }).click();
  const requirement = page.getByRole("region", { name: "Two-factor sign-in" });
  await requirement.getByLabel(/Require a second factor/).check();
  await expect(requirement.getByLabel(/Require a second factor/)).toBeChecked();
  await expect(requirement.getByRole("list", { name: "Members' second factors" })).toContainText(
    `${email} · authenticator app`,
  );
  await page.reload();
  await expect(
    page.getByRole("region", { name: "Two-factor sign-in" }).getByLabel(/Require a second factor/),
  ).toBeChecked();
});
