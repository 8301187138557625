import { Redis } from "ioredis";
import { config } from "../config";

// The one Redis client of this process, when REDIS_URL is set: the shared rate-limit counters and
// the token epochs (lib/tokens/token-epochs.ts) of instances that scale out. Every command is
// bounded: no offline queue (a command while disconnected fails at once), one retry, and
// `commandTimeout`, so a slow or hung Redis costs a request at most REDIS_TIMEOUT_MS before the
// caller answers 503; the client reconnects by itself.
const globalForRedis = globalThis as unknown as { keywayRedis?: Redis };

type ErrorListener = (error: Error) => void;
const listeners = new Set<ErrorListener>();

/** The shared client, or null when this instance has no REDIS_URL. */
export function redis(): Redis | null {
  const { redisUrl, redisTimeoutMs } = config();
  if (!redisUrl) return null;
  if (!globalForRedis.keywayRedis) {
    const client = new Redis(redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: Math.max(redisTimeoutMs, 1000),
      commandTimeout: redisTimeoutMs,
    });
    client.on("error", (error: Error) => listeners.forEach((listener) => listener(error)));
    globalForRedis.keywayRedis = client;
  }
  return globalForRedis.keywayRedis;
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
    const timer = setTimeout(done, Math.min(config().redisTimeoutMs, 1000));
    function done() {
      clearTimeout(timer);
      client.off("ready", done);
      resolve();
    }
    client.once("ready", done);
  });
}
