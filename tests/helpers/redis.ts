import { Redis } from "ioredis";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export async function redisReachable(url = TEST_REDIS_URL): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * The integration suite's own Redis database (number 1 on the test server), emptied when a run
 * starts: counters outlive a run (a registration throttle lasts an hour), and one run's must
 * never count against the next.
 */
export const INTEGRATION_REDIS_URL = (() => {
  const url = new URL(TEST_REDIS_URL);
  url.pathname = "/1";
  return url.toString();
})();

export async function emptyRedis(url: string): Promise<void> {
  const client = new Redis(url, { connectTimeout: 2000, maxRetriesPerRequest: 0 });
  try {
    await client.flushdb();
  } finally {
    client.disconnect();
  }
}
