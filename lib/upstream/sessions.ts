import { createHash } from "node:crypto";
import { redis, redisReady } from "../db/redis";
import { DomainError } from "../errors";

// 2025 sessions opened through Keyway with an upstream server, each bound to the caller that
// opened it (another token presenting its id is refused). Kept in memory, and in Redis when the
// deployment has one, so a session opened through one instance continues on any other.

const KEPT = 50_000;
/** How long a session's binding outlives its last use (an idle client comes back within a day). */
const TTL_SECONDS = 86_400;
const kept = new Map<string, string>();

// By a digest of server and id: the upstream's session ids are its secrets, never stored as they are.
const keyOf = (serverId: string, sessionId: string) =>
  createHash("sha256").update(`${serverId}\n${sessionId}`).digest("base64url");
const redisKey = (key: string) => `keyway:upstream-session:${key}`;

function remember(key: string, caller: string) {
  if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
  kept.set(key, caller);
}

async function shared<T>(use: (client: NonNullable<ReturnType<typeof redis>>) => Promise<T>): Promise<T | null> {
  const client = redis();
  if (!client) return null;
  try {
    await redisReady(client);
    return await use(client);
  } catch {
    throw new DomainError("service_unavailable", "Sessions cannot be checked right now; retry shortly.", {
      retryAfterSeconds: 1,
    });
  }
}

/** Binds a session the upstream just opened to the caller who opened it. */
export async function bindSession(serverId: string, sessionId: string, caller: string) {
  const key = keyOf(serverId, sessionId);
  remember(key, caller);
  await shared((client) => client.set(redisKey(key), caller, "EX", TTL_SECONDS));
}

/** The caller a session is bound to, or null when no instance has seen it opened. */
export async function sessionCaller(serverId: string, sessionId: string): Promise<string | null> {
  const key = keyOf(serverId, sessionId);
  const known = kept.get(key);
  if (known) return known;
  const caller = await shared((client) => client.getex(redisKey(key), "EX", TTL_SECONDS));
  if (caller) remember(key, caller);
  return caller ?? null;
}

/** Forgets a session the upstream ended (DELETE). */
export async function endSession(serverId: string, sessionId: string) {
  const key = keyOf(serverId, sessionId);
  kept.delete(key);
  await shared((client) => client.del(redisKey(key)));
}
