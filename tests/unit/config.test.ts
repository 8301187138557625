import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";

const secret = "s".repeat(32);
const fresh = () => mkdtempSync(path.join(tmpdir(), "keyway-config-"));

describe("loadConfig", () => {
  it("needs no configuration: defaults, and secrets generated once into the data directory", () => {
    const dataDir = fresh();
    const warnings: string[] = [];
    const first = loadConfig({ KEYWAY_DATA_DIR: dataDir }, (m) => warnings.push(m));
    expect(first).toMatchObject({
      port: 3800,
      appUrl: "http://localhost:3800",
      databaseKind: "sqlite",
      databaseUrl: `file:${path.join(dataDir, "keyway.db")}`,
      mcpAuthType: "jwt",
      mcpRequiredScopes: ["execute:mcp"],
    });
    expect(warnings).toHaveLength(2);
    const again = loadConfig({ KEYWAY_DATA_DIR: dataDir }, (m) => warnings.push(m));
    expect(Buffer.from(again.jwtSecret).toString()).toBe(Buffer.from(first.jwtSecret).toString());
    expect(warnings).toHaveLength(2);
    expect(Object.keys(JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")))).toEqual([
      "JWT_SECRET_KEY",
      "AUTH_SECRET",
    ]);
  });

  it.each([
    [{ MCP_AUTH_TYPE: "oauth" }, 'MCP_AUTH_TYPE must be jwt, env or none, got "oauth".'],
    [{ MCP_AUTH_TYPE: "env" }, "MCP_AUTH_TYPE=env needs MCP_BEARER_TOKEN."],
    [{ MCP_AUTH_TYPE: "env", MCP_BEARER_TOKEN: "short" }, "MCP_BEARER_TOKEN must be at least 32 bytes long."],
    [{ JWT_SECRET_KEY: "short" }, "JWT_SECRET_KEY must be at least 32 bytes long."],
    [
      { DATABASE_URL: "postgresql://localhost/x" },
      "JWT_SECRET_KEY must be set when DATABASE_URL points at a database server.",
    ],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL must start with file: or postgresql://."],
    [{ PORT: "http" }, 'PORT must be an integer from 1 to 65535, got "http".'],
    [
      { MCP_REQUIRED_SCOPES: "execute:mcp,read:everything" },
      'MCP_REQUIRED_SCOPES names an unknown scope "read:everything".',
    ],
  ])("stops on %j with a one-line reason", (env, message) => {
    expect(() => loadConfig({ KEYWAY_DATA_DIR: fresh(), AUTH_SECRET: secret, ...env }, () => {})).toThrow(message);
  });
});

describe("retention", () => {
  it("keeps audit events 400 days and usage 90 by default, and refuses nonsense", () => {
    const base = { KEYWAY_DATA_DIR: fresh(), JWT_SECRET_KEY: secret, AUTH_SECRET: secret };
    expect(loadConfig(base)).toMatchObject({ auditRetentionDays: 400, usageRetentionDays: 90 });
    expect(loadConfig({ ...base, AUDIT_RETENTION_DAYS: "30", USAGE_RETENTION_DAYS: "7" })).toMatchObject({
      auditRetentionDays: 30,
      usageRetentionDays: 7,
    });
    for (const value of ["0", "-1", "1.5", "ten", "99999"]) {
      expect(() => loadConfig({ ...base, USAGE_RETENTION_DAYS: value }), value).toThrow("USAGE_RETENTION_DAYS");
    }
  });
});

describe("store timeouts", () => {
  it("bounds Redis commands by 1 s and PostgreSQL by 5 s by default, and refuses nonsense", () => {
    const base = { KEYWAY_DATA_DIR: fresh(), JWT_SECRET_KEY: secret, AUTH_SECRET: secret };
    expect(loadConfig(base)).toMatchObject({ redisTimeoutMs: 1000, databaseTimeoutMs: 5000 });
    expect(loadConfig({ ...base, REDIS_TIMEOUT_MS: "250", DATABASE_TIMEOUT_MS: "2000" })).toMatchObject({
      redisTimeoutMs: 250,
      databaseTimeoutMs: 2000,
    });
    for (const value of ["0", "10", "1.5", "soon", "600001"]) {
      expect(() => loadConfig({ ...base, REDIS_TIMEOUT_MS: value }), value).toThrow(
        `REDIS_TIMEOUT_MS must be a whole number of milliseconds from 50 to 600000, got "${value}".`,
      );
    }
  });
});

describe("OAuth settings", () => {
  it("give a 30 s refresh grace window and advertise RFC 9207 by default, 0 and false allowed", () => {
    const base = { KEYWAY_DATA_DIR: fresh(), JWT_SECRET_KEY: secret, AUTH_SECRET: secret };
    expect(loadConfig(base)).toMatchObject({ oauthRefreshGraceSeconds: 30, oauthAdvertiseIss: true });
    expect(
      loadConfig({ ...base, OAUTH_REFRESH_GRACE_SECONDS: "0", OAUTH_ADVERTISE_ISS_PARAMETER: "false" }),
    ).toMatchObject({ oauthRefreshGraceSeconds: 0, oauthAdvertiseIss: false });
    for (const value of ["-1", "301", "2.5", "soon"]) {
      expect(() => loadConfig({ ...base, OAUTH_REFRESH_GRACE_SECONDS: value }), value).toThrow(
        `OAUTH_REFRESH_GRACE_SECONDS must be a whole number of seconds from 0 to 300, got "${value}".`,
      );
    }
    expect(() => loadConfig({ ...base, OAUTH_ADVERTISE_ISS_PARAMETER: "maybe" })).toThrow(
      'OAUTH_ADVERTISE_ISS_PARAMETER must be true or false, got "maybe".',
    );
  });
});

describe("metrics", () => {
  it("are off without METRICS_TOKEN and refuse a short one", () => {
    const base = { KEYWAY_DATA_DIR: fresh(), JWT_SECRET_KEY: secret, AUTH_SECRET: secret };
    expect(loadConfig(base).metricsToken).toBeUndefined();
    expect(loadConfig({ ...base, METRICS_TOKEN: "m".repeat(32) }).metricsToken).toBe("m".repeat(32));
    expect(() => loadConfig({ ...base, METRICS_TOKEN: "short" })).toThrow(
      "METRICS_TOKEN must be at least 32 bytes long.",
    );
  });
});

describe("DNS_SERVERS", () => {
  it("takes IP addresses with optional ports, the system's resolvers when unset, and refuses names", () => {
    const base = { KEYWAY_DATA_DIR: fresh(), JWT_SECRET_KEY: secret, AUTH_SECRET: secret };
    expect(loadConfig(base).dnsServers).toEqual([]);
    expect(loadConfig({ ...base, DNS_SERVERS: "127.0.0.1:5353, 10.0.0.2,[::1]:53" }).dnsServers).toEqual([
      "127.0.0.1:5353",
      "10.0.0.2",
      "[::1]:53",
    ]);
    expect(() => loadConfig({ ...base, DNS_SERVERS: "dns.example.com" })).toThrow(
      'DNS_SERVERS must list IP addresses (with an optional :port), got "dns.example.com".',
    );
  });
});
