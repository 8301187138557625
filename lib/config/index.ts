import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { storeKindOf, type StoreKind } from "./store-kind";
import { parseAddressList } from "../net/client-address";
import type { OutboundPolicy } from "../net/outbound";
import { isLoopbackHost } from "../net/public-address";
import { upstreamEntryProblem } from "../net/upstream-policy";
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
  /** Open client registrations (RFC 7591) one address may make per hour. */
  oauthRegistrationsPerHour: number;
  /** Whether the metadata advertises RFC 9207 `iss` (it is always sent); some released clients fail when it is. */
  oauthAdvertiseIss: boolean;
  /** The bearer token GET /metrics asks for; unset, the endpoint does not exist. */
  metricsToken: string | undefined;
  /** Where requests to URLs other people chose may go (lib/net/outbound.ts): loopback only on a loopback deployment. */
  outbound: OutboundPolicy;
  /** The DNS servers domain proofs are looked up at (`host` or `host:port`); empty: the system's. */
  dnsServers: string[];
  /** Where organizations' upstream MCP servers may be (host names, addresses, CIDR ranges); empty: nowhere. */
  upstreamAllowed: string[];
  /** The longest an upstream MCP server may take to start answering (a stream may then run on). */
  upstreamTimeoutMs: number;
  /** Where the public keys that sign secret-scanning reports are published (GitHub's by default). */
  secretScanningKeysUrl: string;
  /** How often the key signing caller identities is replaced, and how long before use the next is published. */
  identityKeys: { rotationSeconds: number; publishAheadSeconds: number };
};

const MIN_SECRET_BYTES = 32;
const GITHUB_SECRET_SCANNING_KEYS = "https://api.github.com/meta/public_keys/secret_scanning";
const GENERATED_SECRETS_FILE = "secrets.json";

type Env = Record<string, string | undefined>;

/**
 * A secret from the environment, or one generated once into the data directory so that the
 * first start needs no configuration. A server database means several instances: each would
 * generate its own key, so there the secret must be set explicitly.
 */
function resolveSecret(
  given: [name: string, value: string | undefined][],
  dataDir: string,
  serverDb: boolean,
  warn: (m: string) => void,
) {
  const set = given.find(([, value]) => value !== undefined);
  if (set) return set[1]!;
  const primary = given[0]![0];
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

// The environment, parsed by one zod schema: each variable's rule and its one-line refusal, in
// one place. Unset and blank are the same (a variable set to "" in a compose file).
const text = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

/** A refusal naming the variable and what it got: the one line the operator sees. */
function refuse(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

const list = text.transform((value) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

/** A whole number of `unit` from `min` to `max`, or `fallback` when unset. */
const whole = (name: string, fallback: number, unit: string, min: number, max: number) =>
  text.transform((value, ctx) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    return refuse(ctx, `${name} must be a whole number of ${unit} from ${min} to ${max}, got "${value}".`);
  });
const days = (name: string, fallback: number) => whole(name, fallback, "days", 1, 36_500);
const millis = (name: string, fallback: number) => whole(name, fallback, "milliseconds", 50, 600_000);

/** A secret of at least 32 bytes, when set. */
const secret = (name: string) =>
  text.refine((value) => value === undefined || Buffer.byteLength(value) >= MIN_SECRET_BYTES, {
    message: `${name} must be at least ${MIN_SECRET_BYTES} bytes long.`,
  });

const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T) =>
  text.transform((value, ctx) => {
    const chosen = (value ?? fallback).toLowerCase();
    if ((values as readonly string[]).includes(chosen)) return chosen as T;
    const options = `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
    return refuse(ctx, `${name} must be ${options}, got "${value}".`);
  });

const envSchema = z
  .object({
    PORT: text.transform((value, ctx) => {
      if (value === undefined) return 3800;
      const port = Number(value);
      if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
      return refuse(ctx, `PORT must be an integer from 1 to 65535, got "${value}".`);
    }),
    APP_URL: text,
    KEYWAY_DATA_DIR: text,
    DATABASE_URL: text.refine((value) => value === undefined || storeKindOf(value) !== null, {
      message: "DATABASE_URL must start with file: or postgresql://.",
    }),
    JWT_SECRET_KEY: secret("JWT_SECRET_KEY"),
    AUTH_SECRET: secret("AUTH_SECRET"),
    NEXTAUTH_SECRET: secret("NEXTAUTH_SECRET"),
    MCP_AUTH_TYPE: oneOf("MCP_AUTH_TYPE", ["jwt", "env", "none"] as const, "jwt"),
    MCP_BEARER_TOKEN: secret("MCP_BEARER_TOKEN"),
    // Set but blank: no scope beyond mcp:access is required (unlike the other variables, blank is not unset).
    MCP_REQUIRED_SCOPES: z
      .string()
      .optional()
      .transform((value, ctx) => {
        const required = (value ?? "execute:mcp")
          .split(",")
          .map((scope) => scope.trim())
          .filter((scope) => scope && scope !== "mcp:access");
        const unknown = required.find((scope) => !isScope(scope));
        return unknown ? refuse(ctx, `MCP_REQUIRED_SCOPES names an unknown scope "${unknown}".`) : required;
      }),
    MCP_ALLOWED_ORIGINS: list,
    METRICS_TOKEN: secret("METRICS_TOKEN"),
    TRUSTED_PROXIES: list.transform((proxies, ctx) => {
      try {
        parseAddressList(proxies);
        return proxies;
      } catch (error) {
        return refuse(ctx, `TRUSTED_PROXIES: ${(error as Error).message}.`);
      }
    }),
    AUDIT_RETENTION_DAYS: days("AUDIT_RETENTION_DAYS", 400),
    USAGE_RETENTION_DAYS: days("USAGE_RETENTION_DAYS", 90),
    LOG_LEVEL: oneOf("LOG_LEVEL", ["debug", "info", "warn", "error"] as const, "info"),
    APP_DEBUG: text.transform((value) => value === "true" || value === "1"),
    REDIS_URL: text,
    UPSTREAM_ALLOWED: list.transform((entries, ctx) => {
      const bad = entries.find((entry) => upstreamEntryProblem(entry));
      return bad ? refuse(ctx, `UPSTREAM_ALLOWED: "${bad}" ${upstreamEntryProblem(bad)}.`) : entries;
    }),
    UPSTREAM_TIMEOUT_MS: millis("UPSTREAM_TIMEOUT_MS", 30_000),
    SECRET_SCANNING_KEYS_URL: text.transform((value, ctx) => {
      const url = URL.parse(value ?? GITHUB_SECRET_SCANNING_KEYS);
      return url && (url.protocol === "https:" || url.protocol === "http:")
        ? url.href
        : refuse(ctx, `SECRET_SCANNING_KEYS_URL must be an http(s) URL, got "${value}".`);
    }),
    IDENTITY_KEY_ROTATION_SECONDS: whole("IDENTITY_KEY_ROTATION_SECONDS", 30 * 86_400, "seconds", 2, 3_650 * 86_400),
    IDENTITY_KEY_PUBLISH_AHEAD_SECONDS: whole("IDENTITY_KEY_PUBLISH_AHEAD_SECONDS", 3_600, "seconds", 1, 30 * 86_400),
    DNS_SERVERS: list.transform((servers, ctx) => {
      // An IPv4 or bracketed IPv6 address with an optional port, as node:dns's setServers takes them.
      const bad = servers.find(
        (server) => !/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\]|[0-9a-f:]+)(:\d{1,5})?$/i.test(server),
      );
      return bad ? refuse(ctx, `DNS_SERVERS must list IP addresses (with an optional :port), got "${bad}".`) : servers;
    }),
    REDIS_TIMEOUT_MS: millis("REDIS_TIMEOUT_MS", 1000),
    DATABASE_TIMEOUT_MS: millis("DATABASE_TIMEOUT_MS", 5000),
    OAUTH_REFRESH_GRACE_SECONDS: whole("OAUTH_REFRESH_GRACE_SECONDS", 30, "seconds", 0, 300),
    OAUTH_REGISTRATIONS_PER_HOUR: whole("OAUTH_REGISTRATIONS_PER_HOUR", 30, "registrations", 1, 100_000),
    OAUTH_ADVERTISE_ISS_PARAMETER: text.transform((value, ctx) => {
      const flag = value?.toLowerCase();
      if (flag === undefined) return true;
      if (flag === "true" || flag === "1") return true;
      if (flag === "false" || flag === "0") return false;
      return refuse(ctx, `OAUTH_ADVERTISE_ISS_PARAMETER must be true or false, got "${value}".`);
    }),
  })
  .superRefine((env, ctx) => {
    if (env.MCP_AUTH_TYPE === "env" && !env.MCP_BEARER_TOKEN) {
      ctx.addIssue({ code: "custom", message: "MCP_AUTH_TYPE=env needs MCP_BEARER_TOKEN." });
    }
    if (env.IDENTITY_KEY_PUBLISH_AHEAD_SECONDS >= env.IDENTITY_KEY_ROTATION_SECONDS) {
      ctx.addIssue({
        code: "custom",
        message: "IDENTITY_KEY_PUBLISH_AHEAD_SECONDS must be shorter than IDENTITY_KEY_ROTATION_SECONDS.",
      });
    }
  });

function parseEnv(env: Env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues[0]!.message);
  return parsed.data;
}

export function loadConfig(env: Env = process.env, warn: (m: string) => void = console.warn): Config {
  const e = parseEnv(env);
  const rawAppUrl = e.APP_URL ?? `http://localhost:${e.PORT}`;
  let appUrl: string;
  try {
    const url = new URL(rawAppUrl);
    appUrl = url.origin + url.pathname.replace(/\/+$/, "");
  } catch {
    throw new ConfigError(`APP_URL must be an absolute URL, got "${rawAppUrl}".`);
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ e.KEYWAY_DATA_DIR ?? "data");
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "keyway.db")}`;
  const databaseKind = storeKindOf(databaseUrl)!;
  const serverDb = databaseKind === "postgresql";

  return {
    port: e.PORT,
    appUrl,
    dataDir,
    databaseUrl,
    databaseKind,
    jwtSecret: new TextEncoder().encode(resolveSecret([["JWT_SECRET_KEY", e.JWT_SECRET_KEY]], dataDir, serverDb, warn)),
    authSecret: resolveSecret(
      [
        ["AUTH_SECRET", e.AUTH_SECRET],
        ["NEXTAUTH_SECRET", e.NEXTAUTH_SECRET],
      ],
      dataDir,
      serverDb,
      warn,
    ),
    mcpAuthType: e.MCP_AUTH_TYPE,
    mcpBearerToken: e.MCP_BEARER_TOKEN,
    mcpRequiredScopes: e.MCP_REQUIRED_SCOPES,
    mcpAllowedOrigins: e.MCP_ALLOWED_ORIGINS,
    redisUrl: e.REDIS_URL,
    redisTimeoutMs: e.REDIS_TIMEOUT_MS,
    databaseTimeoutMs: e.DATABASE_TIMEOUT_MS,
    trustedProxies: e.TRUSTED_PROXIES,
    debug: e.APP_DEBUG,
    logLevel: e.LOG_LEVEL,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    usageRetentionDays: e.USAGE_RETENTION_DAYS,
    oauthRefreshGraceSeconds: e.OAUTH_REFRESH_GRACE_SECONDS,
    oauthRegistrationsPerHour: e.OAUTH_REGISTRATIONS_PER_HOUR,
    oauthAdvertiseIss: e.OAUTH_ADVERTISE_ISS_PARAMETER,
    metricsToken: e.METRICS_TOKEN,
    outbound: { allowLoopback: isLoopbackHost(new URL(appUrl).hostname) },
    dnsServers: e.DNS_SERVERS,
    upstreamAllowed: e.UPSTREAM_ALLOWED,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    secretScanningKeysUrl: e.SECRET_SCANNING_KEYS_URL,
    identityKeys: {
      rotationSeconds: e.IDENTITY_KEY_ROTATION_SECONDS,
      publishAheadSeconds: e.IDENTITY_KEY_PUBLISH_AHEAD_SECONDS,
    },
  };
}

let cached: Config | undefined;

/** The process-wide configuration, loaded on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
