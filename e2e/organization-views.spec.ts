import { expect, test } from "@playwright/test";
import { signUp, toolCall } from "./helpers";

test("the tasks and agents pages show what agents did over MCP", async ({ page }) => {
  await signUp(page);
  // The page's request context carries the session cookie: the REST API accepts it.
  const created = await page.request.post("/api/v2/tokens", {
    data: { name: "agent", scopes: ["execute:mcp", "write:tasks", "write:agents"] },
  });
  expect(created.status()).toBe(201);
  const { token } = await created.json();

  await page.goto("/tasks");
  await expect(page.getByText("No tasks yet.")).toBeVisible();

  const task = await toolCall(page.request, token, "create_task", {
    title: "Ship the release",
    priority: "urgent",
    status: "in_progress",
  });
  expect(task.status).toBe(200);
  await toolCall(page.request, token, "register_agent", {
    name: "release-bot",
    description: "Cuts releases",
    capabilities: ["git", "npm"],
  });

  await page.reload();
  const row = page.getByRole("row", { name: /Ship the release/ });
  await expect(row).toContainText("in progress");
  await expect(row).toContainText("urgent");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Agents" }).click();
  await expect(page.getByRole("heading", { name: "release-bot" })).toBeVisible();
  await expect(page.getByText("Cuts releases")).toBeVisible();
  await expect(page.getByRole("list", { name: "Capabilities" })).toHaveText(/git\s*npm/);
});
