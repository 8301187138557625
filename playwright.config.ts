import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Runs against the production build with a fresh database per run. Playwright's own browser
// download is unreachable here, so Debian's Chromium is used when it is installed.
const port = Number(process.env.E2E_PORT ?? 3810);
// The single sign-on suite's DNS server (tests/helpers/dns-server.ts), which proves its domain.
process.env.E2E_DNS_PORT ??= String(port + 43);
const baseURL = `http://127.0.0.1:${port}`;
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "keyway-e2e-"));
const systemChromium = "/usr/bin/chromium";

// A throwaway certificate for 127.0.0.1, made once per run: the OAuth suite serves a Client ID
// Metadata Document over HTTPS on loopback (the SDK client insists on https), and the server
// trusts exactly this certificate through NODE_EXTRA_CA_CERTS.
const tlsDir = path.join(process.env.E2E_DATA_DIR, "tls");
export const TEST_TLS = { cert: path.join(tlsDir, "cert.pem"), key: path.join(tlsDir, "key.pem") };
if (!existsSync(TEST_TLS.cert)) {
  mkdirSync(tlsDir, { recursive: true });
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      TEST_TLS.key,
      "-out",
      TEST_TLS.cert,
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
}

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
      NODE_EXTRA_CA_CERTS: TEST_TLS.cert,
      DNS_SERVERS: `127.0.0.1:${process.env.E2E_DNS_PORT}`,
      // The gateway suite's upstream MCP server runs on this machine.
      UPSTREAM_ALLOWED: "127.0.0.1",
    },
  },
});
