import { expect, test } from "@playwright/test";
import { githubActionsClaims, startWorkloadIssuer } from "../tests/helpers/workload-issuer";
import { signUp, toolCall } from "./helpers";

// Issue 37: an owner trusts a CI workflow to act as a service account on the Organization page;
// the workflow's own JWT then gets it a token, with no secret stored anywhere.

test("an owner trusts a workflow on the Organization page, edits the trust, and the workflow calls tools with no secret", async ({
  page,
  baseURL,
}) => {
  test.slow();
  const github = await startWorkloadIssuer(githubActionsClaims("acme/app"));
  try {
    await signUp(page, "Wendy Owner");
    await page.goto("/organization");
    await page.getByLabel("Service account name").fill("deployer");
    await page.getByRole("button", { name: "Create service account" }).click();
    const card = page.getByRole("listitem").filter({ has: page.getByText("deployer", { exact: true }) });

    await card.getByRole("button", { name: "Trust a workload" }).click();
    const dialog = page.getByRole("dialog", { name: "Trust a workload as “deployer”" });
    await dialog.getByLabel("Name").fill("deploy workflow");
    await dialog.getByLabel("Issuer").fill(github.issuer);
    // A line that is no condition is said so before anything is sent.
    await dialog.getByLabel("Conditions").fill("repository acme/app");
    await dialog.getByRole("button", { name: "Save trust policy" }).click();
    await expect(dialog.getByText("Write each condition as claim = pattern")).toBeVisible();
    await dialog.getByLabel("Conditions").fill("repository = acme/app\nref = refs/heads/*");
    await dialog.getByRole("checkbox", { name: "read:tasks" }).check();
    await dialog.getByRole("button", { name: "Save trust policy" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);

    const policy = card.getByTestId("trust-policy");
    await expect(policy).toContainText("deploy workflow");
    await expect(policy).toContainText("repository = acme/app · ref = refs/heads/*");
    await expect(policy).toContainText("never used");

    // The workflow: its platform's JWT for this server, exchanged for a token of the account.
    const exchange = async (claims: Record<string, unknown> = {}) =>
      page.request.post("/oauth/token", {
        form: {
          grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
          assertion: await github.mint({ aud: baseURL, ...claims }),
        },
      });
    const issued = await exchange();
    expect(issued.status()).toBe(200);
    const { access_token: accessToken, scope } = await issued.json();
    expect(scope).toBe("execute:mcp read:tasks");
    const whoami = await toolCall(page.request, accessToken, "whoami");
    expect(whoami.body.result.structuredContent).toMatchObject({
      serviceAccount: { name: "deployer" },
      workload: { repository: "acme/app", ref: "refs/heads/main" },
    });

    // Narrowed to tags on the page: a branch's token is refused from the next exchange.
    await page.reload();
    await expect(policy).toContainText("last used");
    await policy.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("dialog", { name: "Edit “deploy workflow”" });
    await expect(edit.getByLabel("Conditions")).toHaveValue("repository = acme/app\nref = refs/heads/*");
    await edit.getByLabel("Conditions").fill("repository = acme/app\nref = refs/tags/v*");
    await edit.getByRole("button", { name: "Save trust policy" }).click();
    await expect(policy).toContainText("ref = refs/tags/v*");
    expect((await exchange()).status()).toBe(400);
    expect((await exchange({ ref: "refs/tags/v2.0.0" })).status()).toBe(200);

    // The owner reads on the Audit page why the branch's token was refused; the workflow was told nothing of it.
    await page.goto("/audit");
    await page.getByLabel("Event type").selectOption("service_account.");
    await page.getByRole("button", { name: "Apply filters" }).click();
    const refusal = page.getByTestId("audit-event").filter({ hasText: "Service account workload refused" }).first();
    await expect(refusal).toContainText('claim ref is "refs/heads/main", not refs/tags/v*');
    await expect(refusal).toContainText("deployer");
    await page.goto("/organization");

    await policy.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete trust policy" }).click();
    await expect(policy).toHaveCount(0);
    expect((await toolCall(page.request, accessToken, "whoami")).status).toBe(401);
  } finally {
    await github.close();
  }
});
