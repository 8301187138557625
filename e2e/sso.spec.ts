import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { publishTxt, startDnsServer } from "../tests/helpers/dns-server";
import { startIdentityProvider, type IdentityProvider } from "../tests/helpers/identity-provider";
import { signInWithPassword, signUp } from "./helpers";

// Issues 25 (item 1) and 32, in the browser: an owner sets up single sign-on on the Organization
// page against a real OpenID provider (oidc-provider, on loopback) and proves the domain with the
// DNS record the page gives (a DNS server on loopback); a newcomer from the domain signs in through
// it and joins; someone who already has an account is refused until they link it from their
// Account page, signed in with their password; once SSO is required, a password no longer
// reaches the organization, but still reaches the person's own.

const domain = `sso-${Math.random().toString(36).slice(2, 8)}.test`;
const dana = `dana@${domain}`;
const erin = `erin@${domain}`;
let idp: IdentityProvider;
let dns: Awaited<ReturnType<typeof startDnsServer>>;
const records = path.join(process.env.E2E_DATA_DIR!, "dns");

test.beforeAll(async ({ baseURL }) => {
  idp = await startIdentityProvider(`${baseURL}/sso/callback`, {
    [dana]: { email: dana, name: "Dana" },
    [erin]: { email: erin, name: "Erin" },
  });
  dns = await startDnsServer(records, Number(process.env.E2E_DNS_PORT));
});

test.afterAll(async () => {
  await idp.close();
  await dns.close();
});

/** At the provider's sign-in page (the login is filled in from the hint): sign in there. */
async function atProvider(person: Page, email: string) {
  await expect(person.getByRole("heading", { name: "Acme identity provider" })).toBeVisible();
  await expect(person.getByLabel("Login")).toHaveValue(email);
  await person.getByLabel("Password").fill("anything");
  await person.getByRole("button", { name: "Sign in to Acme" }).click();
}

async function useSso(person: Page, email: string) {
  await person.goto("/signin");
  await person.getByRole("button", { name: "Use single sign-on (SSO)" }).click();
  await person.getByLabel("Work email").fill(email);
  await person.getByRole("button", { name: "Continue with your identity provider" }).click();
  await atProvider(person, email);
}

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

  // The domain admits no one until the record the page gives is published and checked.
  const claim = form.getByTestId("sso-domain").filter({ hasText: domain });
  await expect(claim).toContainText("not proven");
  const value = (await claim.getByTestId("sso-domain-record").textContent())!.trim();
  await form.getByRole("button", { name: `Check DNS record for ${domain}` }).click();
  await expect(form.getByRole("alert").filter({ hasText: "is not proven yet" })).toBeVisible();
  publishTxt(records, `_keyway-challenge.${domain}`, [value]);
  await form.getByRole("button", { name: `Check DNS record for ${domain}` }).click();
  await expect(claim).toContainText("proven");
  await expect(claim).not.toContainText("not proven");

  // Dana is new: she joins the organization at her first sign-in.
  const danaContext = await browser.newContext();
  const danaPage = await danaContext.newPage();
  await useSso(danaPage, dana);
  await expect(danaPage).not.toHaveURL(/\/signin/);
  await danaPage.goto("/organization");
  await expect(danaPage.getByTestId("organization-name")).toHaveText(organization!);
  await danaContext.close();

  // Erin already has a password account and an organization of her own: the provider does not
  // sign her in until she links her account herself.
  const signup = await page.request.post("/api/v2/auth/signup", {
    data: { email: erin, password: "erin's password", organization: "Erin's own" },
  });
  expect(signup.status()).toBe(201);
  const erinContext = await browser.newContext();
  const erinPage = await erinContext.newPage();
  await useSso(erinPage, erin);
  await expect(erinPage).toHaveURL(/\/signin\?sso=existing_account/);
  await expect(
    erinPage.getByRole("alert").filter({ hasText: "link it to your organization's single sign-on" }),
  ).toBeVisible();
  await erinPage.getByRole("button", { name: "Sign in with a password" }).click();
  await erinPage.getByLabel("Email", { exact: true }).fill(erin);
  await erinPage.getByLabel("Password").fill("erin's password");
  await erinPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(erinPage).not.toHaveURL(/\/signin/);
  await erinPage.goto("/account");
  const link = erinPage.getByRole("form", { name: "Link single sign-on" });
  await link.getByLabel("Work e-mail").fill(erin);
  await link.getByRole("button", { name: "Link with your identity provider" }).click();
  // The provider remembers her from the refused attempt in this browser: it answers at once.
  await expect(erinPage).toHaveURL(/\/account\?linked=sso/);
  await expect(erinPage.getByText("Your account is linked to your organization's single sign-on.")).toBeVisible();
  await erinContext.close();

  // Linked, Erin signs in through the provider, into Acme's organization.
  const linkedContext = await browser.newContext();
  const linkedPage = await linkedContext.newPage();
  await useSso(linkedPage, erin);
  await expect(linkedPage).not.toHaveURL(/\/signin/);
  await linkedPage.goto("/organization");
  await expect(linkedPage.getByTestId("organization-name")).toHaveText(organization!);
  await linkedContext.close();

  await page.reload();
  await expect(page.getByRole("main")).toContainText(dana);
  await expect(page.getByRole("main")).toContainText(erin);

  const settings = page.getByRole("form", { name: "Single sign-on" });
  await settings.getByLabel(/Require single sign-on/).check();
  await settings.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(settings.getByText("Single sign-on is set up.")).toBeVisible();

  // Required: Erin's password now reaches her own organization only.
  const context = await browser.newContext();
  const member = await context.newPage();
  await signInWithPassword(member, erin, "erin's password");
  await expect(member).not.toHaveURL(/\/signin/);
  await member.goto("/organization");
  await expect(member.getByTestId("organization-name")).toHaveText("Erin's own");
  const switcher = member.getByRole("banner").getByLabel("Organization");
  await expect(switcher.getByRole("option", { name: `${organization} (sign in separately)` })).toBeDisabled();
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
