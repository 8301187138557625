import { expect, test } from "@playwright/test";
import { startIdentityProvider, type IdentityProvider } from "../tests/helpers/identity-provider";
import { signUp } from "./helpers";

// Issue 25, item 1, in the browser: an owner sets up single sign-on on the Organization page
// against a real OpenID provider (oidc-provider, on loopback); people from the domain sign in
// through it from the sign-in page, a newcomer joins as a member, and once SSO is required a
// member's password is refused on the sign-in page.

const domain = `sso-${Math.random().toString(36).slice(2, 8)}.test`;
const dana = `dana@${domain}`;
const erin = `erin@${domain}`;
let idp: IdentityProvider;

test.beforeAll(async ({ baseURL }) => {
  idp = await startIdentityProvider(`${baseURL}/sso/callback`, {
    [dana]: { email: dana, name: "Dana" },
    [erin]: { email: erin, name: "Erin" },
  });
});

test.afterAll(() => idp.close());

test("an owner sets up SSO; people sign in through the provider; once required, a member's password is refused", async ({
  page,
  browser,
  baseURL,
}) => {
  test.slow();
  await signUp(page, "Olga Owner");
  await page.getByRole("banner").getByRole("link", { name: "Organization" }).click();
  const form = page.getByRole("form", { name: "Single sign-on" });
  await expect(form.getByTestId("sso-callback-url")).toHaveText(`${baseURL}/sso/callback`);
  await form.getByLabel("Issuer").fill(idp.issuer);
  await form.getByLabel("Client ID").fill(idp.clientId);
  await form.getByLabel("Client secret").fill(idp.clientSecret);
  await form.getByLabel("E-mail domains").fill(domain);
  await form.getByRole("button", { name: "Set up single sign-on" }).click();
  await expect(form.getByText("Single sign-on is set up.")).toBeVisible();
  await expect(form.getByLabel("Client secret")).toHaveValue("");
  const organization = await page.getByTestId("organization-name").textContent();

  // Erin already has a password account of her own.
  const signup = await page.request.post("/api/v2/auth/signup", { data: { email: erin, password: "erin's password" } });
  expect(signup.status()).toBe(201);

  for (const email of [dana, erin]) {
    const context = await browser.newContext();
    const person = await context.newPage();
    await person.goto("/signin");
    await person.getByRole("button", { name: "Use single sign-on (SSO)" }).click();
    await person.getByLabel("Work email").fill(email);
    await person.getByRole("button", { name: "Continue with your identity provider" }).click();
    await expect(person.getByRole("heading", { name: "Acme identity provider" })).toBeVisible();
    await expect(person.getByLabel("Login")).toHaveValue(email);
    await person.getByLabel("Password").fill("anything");
    await person.getByRole("button", { name: "Sign in to Acme" }).click();
    await expect(person).not.toHaveURL(/\/signin/);
    await person.goto("/organization");
    await expect(person.getByTestId("organization-name")).toHaveText(organization!);
    await context.close();
  }
  await page.reload();
  await expect(page.getByRole("main")).toContainText(dana);

  const settings = page.getByRole("form", { name: "Single sign-on" });
  await settings.getByLabel(/Require single sign-on/).check();
  await settings.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(settings.getByText("Single sign-on is set up.")).toBeVisible();

  const context = await browser.newContext();
  const member = await context.newPage();
  await member.goto("/signin");
  await member.getByLabel("Email").fill(erin);
  await member.getByLabel("Password").fill("erin's password");
  await member.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(member.getByRole("alert").filter({ hasText: "single sign-on" })).toBeVisible();
  await expect(member).toHaveURL(/\/signin/);
  await context.close();

  // Enterprise-managed authorization: the owner registers the company's MCP client; the provider
  // grants Dana's access through it (an ID-JAG) and the app shows among the organization's
  // connected apps as granted by the identity provider.
  await page.getByLabel("App name").fill("Acme Assistant");
  await page.getByRole("button", { name: "Register app" }).click();
  const secret = await page.getByTestId("enterprise-client-secret").textContent();
  const clients = page.getByRole("region", { name: "Enterprise-managed apps" });
  await expect(clients.getByText("Acme Assistant", { exact: true })).toBeVisible();
  const clientId = (await page.getByTestId("enterprise-client-id").textContent())!.trim();
  idp.keywayClientId = clientId;
  const assertion = await idp.mintIdJag({
    sub: dana,
    email: dana,
    aud: baseURL,
    resource: `${baseURL}/mcp`,
    scope: "execute:mcp read:tasks",
  });
  const issued = await page.request.post("/oauth/token", {
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` },
    form: { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion },
  });
  expect(issued.status()).toBe(200);
  await page.getByRole("banner").getByRole("link", { name: "API Tokens" }).click();
  await page.getByRole("tab", { name: "Connected apps" }).click();
  await page.getByLabel("Whole organization").check();
  const app = page.getByTestId("connected-app").filter({ hasText: "Acme Assistant" });
  await expect(app).toContainText("granted by your identity provider");
  await expect(app).toContainText(dana);
});
