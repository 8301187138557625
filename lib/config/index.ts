import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { storeKindOf, type StoreKind } from "./store-kind";
import { parseAddressList } from "../net/client-address";
import type { OutboundPolicy } from "../net/outbound";
import { isLoopbackHost } from "../net/public-address";
import { isScope } from "../scopes";

/** A configuration the server must not start with; the message is the one line the operator sees. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export type McpAuthType = "jwt" | "env" | "none";

export type Config = {
  port: number;
  appUrl: string;
  dataDir: string;
  databaseUrl: string;
  databaseKind: StoreKind;
  jwtSecret: Uint8Array;
  authSecret: string;
  mcpAuthType: McpAuthType;
  mcpBearerToken: string | undefined;
  mcpRequiredScopes: string[];
  mcpAllowedOrigins: string[];
  redisUrl: string | undefined;
  /** The longest one Redis command may take before the request is answered 503. */
  redisTimeoutMs: number;
  /** The longest one PostgreSQL statement (or the wait for a connection) may take; then 503. */
  databaseTimeoutMs: number;
  /** Proxies whose X-Forwarded-For names the client (addresses or CIDR ranges). */
  trustedProxies: string[];
  debug: boolean;
  logLevel: "debug" | "info" | "warn" | "error";
  /** Audit events and hourly usage rows older than this many days are pruned. */
  auditRetentionDays: number;
  usageRetentionDays: number;
  /** Seconds after a refresh token is rotated in which presenting it again is a retry, not theft (0: strict). */
  oauthRefreshGraceSeconds: number;
  /** Whether the metadata advertises RFC 9207 `iss` (it is always sent); some released clients fail when it is. */
  oauthAdvertiseIss: boolean;
  /** The bearer token GET /metrics asks for; unset, the endpoint does not exist. */
  metricsToken: string | undefined;
  /** Where requests to URLs other people chose may go (lib/net/outbound.ts): loopback only on a loopback deployment. */
  outbound: OutboundPolicy;
};

const MIN_SECRET_BYTES = 32;
const GENERATED_SECRETS_FILE = "secrets.json";

type Env = Record<string, string | undefined>;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * A secret from the environment, or one generated once into the data directory so that the
 * first start needs no configuration. A server database means several instances: each would
 * generate its own key, so there the secret must be set explicitly.
 */
function resolveSecret(env: Env, names: string[], dataDir: string, serverDb: boolean, warn: (m: string) => void) {
  for (const name of names) {
    const value = nonEmpty(env[name]);
    if (value === undefined) continue;
    if (Buffer.byteLength(value) < MIN_SECRET_BYTES) {
      throw new ConfigError(`${name} must be at least ${MIN_SECRET_BYTES} bytes long.`);
    }
    return value;
  }
  const primary = names[0]!;
  if (serverDb) {
    throw new ConfigError(`${primary} must be set when DATABASE_URL points at a database server.`);
  }
  const file = path.join(dataDir, GENERATED_SECRETS_FILE);
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  if (!stored[primary]) {
    stored[primary] = randomBytes(48).toString("base64url");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    warn(`${primary} is not set: generated one into ${file}. Set it explicitly in production.`);
  }
  return stored[primary]!;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 3800;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 1 to 65535, got "${value}".`);
  }
  return port;
}

function parseAppUrl(value: string | undefined, port: number): string {
  const raw = value ?? `http://localhost:${port}`;
  try {
    const url = new URL(raw);
    return url.origin + url.pathname.replace(/\/+$/, "");
  } catch {
    throw new ConfigError(`APP_URL must be an absolute URL, got "${raw}".`);
  }
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = nonEmpty(env[name])?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}".`);
}

/** A whole number of `unit` from `min` to `max`, or `fallback` when unset. */
function parseWhole(env: Env, name: string, fallback: number, unit: string, min: number, max: number): number {
  const value = nonEmpty(env[name]);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number of ${unit} from ${min} to ${max}, got "${value}".`);
  }
  return n;
}

const parseDays = (env: Env, name: string, fallback: number) => parseWhole(env, name, fallback, "days", 1, 36_500);
const parseMillis = (env: Env, name: string, fallback: number) =>
  parseWhole(env, name, fallback, "milliseconds", 50, 600_000);

export function loadConfig(env: Env = process.env, warn: (m: string) => void = console.warn): Config {
  const port = parsePort(nonEmpty(env.PORT));
  const appUrl = parseAppUrl(nonEmpty(env.APP_URL), port);
  const dataDir = path.resolve(/*turbopackIgnore: true*/ nonEmpty(env.KEYWAY_DATA_DIR) ?? "data");

  const databaseUrl = nonEmpty(env.DATABASE_URL) ?? `file:${path.join(dataDir, "keyway.db")}`;
  const databaseKind = storeKindOf(databaseUrl);
  if (!databaseKind) throw new ConfigError(`DATABASE_URL must start with file: or postgresql://.`);
  const serverDb = databaseKind === "postgresql";

  const mcpAuthType = (nonEmpty(env.MCP_AUTH_TYPE) ?? "jwt").toLowerCase();
  if (mcpAuthType !== "jwt" && mcpAuthType !== "env" && mcpAuthType !== "none") {
    throw new ConfigError(`MCP_AUTH_TYPE must be jwt, env or none, got "${env.MCP_AUTH_TYPE}".`);
  }
  const mcpBearerToken = nonEmpty(env.MCP_BEARER_TOKEN);
  if (mcpAuthType === "env") {
    if (!mcpBearerToken) throw new ConfigError("MCP_AUTH_TYPE=env needs MCP_BEARER_TOKEN.");
    if (Buffer.byteLength(mcpBearerToken) < MIN_SECRET_BYTES) {
      throw new ConfigError(`MCP_BEARER_TOKEN must be at least ${MIN_SECRET_BYTES} bytes long.`);
    }
  }

  const mcpRequiredScopes = list(env.MCP_REQUIRED_SCOPES ?? "execute:mcp").filter((s) => s !== "mcp:access");
  const unknownScope = mcpRequiredScopes.find((scope) => !isScope(scope));
  if (unknownScope) throw new ConfigError(`MCP_REQUIRED_SCOPES names an unknown scope "${unknownScope}".`);

  const metricsToken = nonEmpty(env.METRICS_TOKEN);
  if (metricsToken !== undefined && Buffer.byteLength(metricsToken) < MIN_SECRET_BYTES) {
    throw new ConfigError(`METRICS_TOKEN must be at least ${MIN_SECRET_BYTES} bytes long.`);
  }

  const trustedProxies = list(env.TRUSTED_PROXIES);
  try {
    parseAddressList(trustedProxies);
  } catch (error) {
    throw new ConfigError(`TRUSTED_PROXIES: ${(error as Error).message}.`);
  }

  const auditRetentionDays = parseDays(env, "AUDIT_RETENTION_DAYS", 400);
  const usageRetentionDays = parseDays(env, "USAGE_RETENTION_DAYS", 90);

  const logLevel = (nonEmpty(env.LOG_LEVEL) ?? "info").toLowerCase();
  if (!["debug", "info", "warn", "error"].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be debug, info, warn or error, got "${env.LOG_LEVEL}".`);
  }

  return {
    port,
    appUrl,
    dataDir,
    databaseUrl,
    databaseKind,
    jwtSecret: new TextEncoder().encode(resolveSecret(env, ["JWT_SECRET_KEY"], dataDir, serverDb, warn)),
    authSecret: resolveSecret(env, ["AUTH_SECRET", "NEXTAUTH_SECRET"], dataDir, serverDb, warn),
    mcpAuthType,
    mcpBearerToken,
    mcpRequiredScopes,
    mcpAllowedOrigins: list(env.MCP_ALLOWED_ORIGINS),
    redisUrl: nonEmpty(env.REDIS_URL),
    redisTimeoutMs: parseMillis(env, "REDIS_TIMEOUT_MS", 1000),
    databaseTimeoutMs: parseMillis(env, "DATABASE_TIMEOUT_MS", 5000),
    trustedProxies,
    debug: env.APP_DEBUG === "true" || env.APP_DEBUG === "1",
    logLevel: logLevel as Config["logLevel"],
    auditRetentionDays,
    usageRetentionDays,
    oauthRefreshGraceSeconds: parseWhole(env, "OAUTH_REFRESH_GRACE_SECONDS", 30, "seconds", 0, 300),
    oauthAdvertiseIss: parseBoolean(env, "OAUTH_ADVERTISE_ISS_PARAMETER", true),
    metricsToken,
    outbound: { allowLoopback: isLoopbackHost(new URL(appUrl).hostname) },
  };
}

let cached: Config | undefined;

/** The process-wide configuration, loaded on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
