import { Redis } from "ioredis";
import { config } from "../config";

// The one Redis client of this process, when REDIS_URL is set: the shared rate-limit counters and
// the token epochs (lib/db/token-epochs.ts) of instances that scale out. Every command is
// bounded: no offline queue (a command while disconnected fails at once), one retry, and
// `commandTimeout`, so a slow or hung Redis costs a request at most REDIS_TIMEOUT_MS before the
// caller answers 503; the client reconnects by itself.
const globalForRedis = globalThis as unknown as { keywayRedis?: Map<string, Redis> };
const clients = (globalForRedis.keywayRedis ??= new Map());

const timeouts = new WeakMap<Redis, number>();

type ErrorListener = (error: Error) => void;
const listeners = new Set<ErrorListener>();

/** A Redis server and the longest one command may take there. */
export type RedisTarget = { url: string; timeoutMs: number };

/** REDIS_URL and REDIS_TIMEOUT_MS, when REDIS_URL is set. */
export function configuredRedis(): RedisTarget | undefined {
  const { redisUrl, redisTimeoutMs } = config();
  return redisUrl ? { url: redisUrl, timeoutMs: redisTimeoutMs } : undefined;
}

/**
 * The shared client of REDIS_URL, or null when this instance has none; or of `target`, for a
 * script whose Prisma client announces token changes to a deployment's Redis.
 */
export function redis(target = configuredRedis()): Redis | null {
  if (!target) return null;
  let client = clients.get(target.url);
  if (!client) {
    client = new Redis(target.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: Math.max(target.timeoutMs, 1000),
      commandTimeout: target.timeoutMs,
    });
    client.on("error", (error: Error) => listeners.forEach((listener) => listener(error)));
    clients.set(target.url, client);
    timeouts.set(client, target.timeoutMs);
  }
  return client;
}

/** Who hears of connection errors (the store logs nothing itself). */
export function onRedisError(listener: ErrorListener): void {
  listeners.add(listener);
}

/**
 * Gives a (re)connecting client a moment, so a request right after start or a blip is not
 * refused; never longer than one command may take.
 */
export async function redisReady(client: Redis): Promise<void> {
  if (client.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.min(timeouts.get(client) ?? 1000, 1000));
    function done() {
      clearTimeout(timer);
      client.off("ready", done);
      resolve();
    }
    client.once("ready", done);
  });
}
