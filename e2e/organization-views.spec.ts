import { expect, test } from "@playwright/test";
import { mcpCall, signUp, toolCall } from "./helpers";

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

test("the MCP docs page has the console's header and names the scopes each tool needs", async ({ page }) => {
  await signUp(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Docs" }).click();
  await expect(page.getByRole("heading", { name: "Connecting to Keyway's MCP endpoint" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "API Tokens" })).toBeVisible();
  const tools = page.getByTestId("docs-tool");
  // The same tools a token holding every scope finds in tools/list.
  const created = await page.request.post("/api/v2/tokens", {
    data: { name: "docs", scopes: ["execute:mcp", "write:tasks", "write:context", "write:agents"] },
  });
  const listed = await mcpCall(page.request, (await created.json()).token, "tools/list", {});
  const names = (listed.body.result.tools as { name: string }[]).map((tool) => tool.name).sort();
  const documented = (await tools.locator("td:first-child").allTextContents()).sort();
  expect(documented).toEqual(names);
  await expect(tools.filter({ hasText: "create_task" })).toContainText("write:tasks");
  await expect(tools.filter({ hasText: "list_tasks" })).toContainText("read:tasks");
  await expect(tools.filter({ hasText: "whoami" })).toContainText("execute:mcp");
  await expect(tools.filter({ hasText: "whoami" })).not.toContainText("read:");
});
