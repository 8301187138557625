import { createServer } from "node:http";
import { expect, test } from "@playwright/test";
import { mcpCall, signUp } from "./helpers";

// Issue 15, item 4 in the page: an owner sets the activity webhook (the secret is shown once),
// a burst of refused calls is flagged on the token and in the activity list, and delivered.
test("an owner sees unusual activity flagged and delivered to the webhook", async ({ page, request }) => {
  const received: string[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  try {
    await signUp(page);
    await page.getByRole("banner").getByRole("link", { name: "Organization" }).click();
    await page.getByLabel("Webhook URL").fill(hook);
    await page.getByRole("button", { name: "Save webhook" }).click();
    await expect(page.getByTestId("webhook-secret")).toHaveText(/^[\w-]{43}$/);
    // The receiver can be tried before the first flag: a signed test event, in the log as a test.
    await page.getByRole("button", { name: "Send a test" }).click();
    await expect(page.getByText("The test was delivered (HTTP 204).")).toBeVisible();
    expect(JSON.parse(received[0]!)).toMatchObject({ type: "webhook.test" });
    await expect(page.getByTestId("webhook-delivery").first()).toContainText("Test");

    await page.goto("/tokens");
    await page.getByRole("tab", { name: "Generate token" }).click();
    await page.getByLabel("Name").fill("Noisy agent");
    await page.getByLabel("Rate limit (requests per hour)").fill("1");
    await page.getByRole("button", { name: "Generate token" }).click();
    const token = await page.getByRole("dialog").getByLabel("Your token").inputValue();
    await page.getByRole("dialog").getByRole("button", { name: "Done, I have copied it" }).click();
    for (let i = 0; i < 21; i++) await mcpCall(request, token, "tools/call", { name: "whoami", arguments: {} });

    await expect(async () => {
      await page.goto("/organization");
      await expect(page.getByTestId("activity-flag").filter({ hasText: "Noisy agent" })).toContainText(
        "Burst of refused calls",
        {
          timeout: 2_000,
        },
      );
    }).toPass({ timeout: 30_000 });
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("webhook-delivery").first()).toContainText("delivered", { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    expect(received.map((body) => JSON.parse(body)).find((event) => event.kind)).toMatchObject({
      type: "token.unusual_activity",
      kind: "refusal_burst",
      token: { name: "Noisy agent" },
    });
    await page.goto("/tokens");
    await expect(page.getByTestId("token-flags")).toContainText("1 unusual-activity flag");

    // Looked at and dismissed: no longer listed, nor counted on the token.
    await page.goto("/organization");
    await page.getByRole("button", { name: /^Dismiss the flag on Noisy agent/ }).click();
    await expect(page.getByTestId("activity-flag")).toHaveCount(0);
    await page.goto("/tokens");
    await expect(page.getByRole("row", { name: "Noisy agent" })).toBeVisible();
    await expect(page.getByTestId("token-flags")).toHaveCount(0);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
