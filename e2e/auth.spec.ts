import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

test("sign up, sign out and sign in again", async ({ page }) => {
  const email = `e2e-${randomUUID().slice(0, 8)}@example.test`;
  const password = "a long password";

  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await page.getByRole("link", { name: "Create one" }).click();

  await page.getByLabel("Name").fill("Edith");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Organization").fill("E2E Org");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/tokens$/);
  await expect(page.getByRole("heading", { name: "API Tokens" })).toBeVisible();
  await expect(page.getByRole("link", { name: "API Tokens" })).toBeVisible();
  // Labelled in words beside its key icon, not only the icon.
  await expect(page.getByRole("banner").getByText("API Tokens", { exact: true })).toBeVisible();
  await expect(page.getByText("Edith")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/tokens");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Ftokens/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("The email or password is incorrect.");

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/tokens$/);
  await expect(page.getByRole("heading", { name: "API Tokens" })).toBeVisible();
});

test("sign-up errors come from the API's own validation", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("must be a valid email address")).toBeVisible();
  await expect(page.getByText("must be at least 8 characters")).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
});

test("a person changes their password on the Account page and signs in again with it", async ({ page }) => {
  const email = await signUp(page, "Pat Password");
  await page.getByRole("banner").getByRole("link", { name: "Pat Password" }).click();
  const form = page.getByRole("form", { name: "Change your password" });
  await form.getByLabel("Current password").fill("not the password");
  await form.getByLabel("New password").fill("a brand new password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("The current password is incorrect.")).toBeVisible();

  await form.getByLabel("Current password").fill("a long password");
  await form.getByRole("button", { name: "Change password" }).click();
  // Every session ends, this one included: back to the sign-in page, which says why.
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByText("Your password was changed: sign in with the new one.")).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: /incorrect|not right|wrong/i })).toBeVisible();
  await page.getByLabel("Password").fill("a brand new password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Pat Password" })).toBeVisible();
});

test("a person changes their name on the Account page, and the header follows", async ({ page }) => {
  const email = await signUp(page, "Old Name");
  await page.getByRole("banner").getByRole("link", { name: "Old Name" }).click();
  const form = page.getByRole("form", { name: "Your name" });
  await form.getByLabel("Name").fill("New Name");
  await form.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "New Name" })).toBeVisible();
  // Emptied, the e-mail address stands for it.
  await form.getByLabel("Name").fill("");
  await form.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: email })).toBeVisible();
});
