import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Runs against the production build with a fresh database per run. Playwright's own browser
// download is unreachable here, so Debian's Chromium is used when it is installed.
const port = Number(process.env.E2E_PORT ?? 3810);
const baseURL = `http://127.0.0.1:${port}`;
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "keyway-e2e-"));
const systemChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  // Sign-up and sign-in each run scrypt, and the first request to a route loads its code: on a
  // 2-core machine shared with two browsers, a sign-up took 5.6 s from click to page (trace).
  expect: { timeout: 15_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: existsSync(systemChromium)
      ? { executablePath: systemChromium, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] }
      : {},
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "npm start --silent",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(port),
      APP_URL: baseURL,
      KEYWAY_DATA_DIR: process.env.E2E_DATA_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
