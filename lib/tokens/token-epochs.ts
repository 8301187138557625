import { randomBytes } from "node:crypto";
import type { Prisma } from "../db/types";
import { config } from "../config";
import { db } from "../db/client";
import { redis, redisReady } from "../db/redis";
import { DomainError } from "../errors";
import { log } from "../log";
import { metrics } from "../metrics/metrics";
import { DAY_MS } from "../time";

// Token epochs: how instances on PostgreSQL + Redis keep token rows in memory and still refuse a
// revoked token at its very next request, everywhere (the argument is in docs/architecture.md).
//
// Every user has an epoch in Redis, a random value. A committed change to the verification state
// of any of the user's tokens (revoked, rotated, narrowed, approved, the user's mcp:admin) sets a
// new one before the change's response is sent. An instance keeps a token row together with the
// epoch it read *before* reading the row, and admits a request only when the epoch read in the
// request's own rate-limit round trip is still that one. On SQLite the store itself is the signal
// (`PRAGMA data_version`); on PostgreSQL without Redis every request reads the row.

/** Kept epochs die after a day of silence; a missing epoch is recreated, which only forces a read. */
export const EPOCH_TTL_MS = DAY_MS;

/**
 * The longest an instance keeps a token row, whatever the epoch says: the bound for a change made
 * behind Keyway's back (SQL by hand) or whose announcement failed.
 */
export const KEPT_MAX_AGE_MS = 60_000;

export function epochsEnabled(): boolean {
  const { databaseKind, redisUrl } = config();
  return databaseKind === "postgresql" && redisUrl !== undefined;
}

export function epochKey(userId: string): string {
  return `keyway:epoch:${userId}`;
}

/** A value no epoch has had: 96 random bits, so an old value never comes back (no ABA). */
export function freshEpoch(): string {
  return randomBytes(12).toString("base64url");
}

function unavailable(error: unknown, message: string): DomainError {
  log("error", "token_epoch.unavailable", { reason: error instanceof Error ? error.message : String(error) });
  metrics().storeErrors.inc({ store: "redis" });
  return new DomainError("service_unavailable", message, { retryAfterSeconds: 1 });
}

const READ_EPOCH = `redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX')
return redis.call('get', KEYS[1])`;

/** The user's epoch now (created when absent). */
export async function readEpoch(userId: string): Promise<string> {
  const client = redis()!;
  await redisReady(client);
  try {
    return (await client.eval(READ_EPOCH, 1, epochKey(userId), freshEpoch(), EPOCH_TTL_MS)) as string;
  } catch (error) {
    throw unavailable(error, "Token verification is temporarily unavailable; retry shortly.");
  }
}

/** Users whose announcement failed, retried in the background until their kept rows have aged out anyway. */
const unannounced = new Map<string, number>();
let retrying: NodeJS.Timeout | undefined;

async function setEpochs(userIds: Iterable<string>): Promise<void> {
  const client = redis()!;
  await redisReady(client);
  const batch = client.multi();
  for (const userId of userIds) batch.set(epochKey(userId), freshEpoch(), "PX", EPOCH_TTL_MS);
  await batch.exec();
}

function retryLater(userIds: Iterable<string>) {
  const until = Date.now() + KEPT_MAX_AGE_MS;
  for (const userId of userIds) unannounced.set(userId, until);
  retrying ??= setInterval(() => {
    const now = Date.now();
    for (const [userId, deadline] of unannounced) if (deadline < now) unannounced.delete(userId);
    const due = [...unannounced.keys()];
    if (!due.length) {
      clearInterval(retrying);
      retrying = undefined;
      return;
    }
    setEpochs(due).then(
      () => due.forEach((userId) => unannounced.delete(userId)),
      () => undefined,
    );
  }, 1000);
  retrying.unref();
}

/**
 * Tells every instance that these users' tokens changed: a new epoch each. Throws 503 when Redis
 * cannot be told, since the caller must not report the change as effective everywhere; the change
 * itself is committed, is retried in the background, and kept rows expire within `KEPT_MAX_AGE_MS`.
 */
export async function announceTokenChanges(userIds: Iterable<string>): Promise<void> {
  const users = [...new Set(userIds)];
  if (!users.length || !epochsEnabled()) return;
  try {
    await setEpochs(users);
  } catch (error) {
    retryLater(users);
    throw unavailable(
      error,
      "The change is saved, but not every Keyway instance could be told yet; retry to confirm it.",
    );
  }
}

/** Notes whose tokens a transaction changes; they are announced once it has committed. */
export type NoteChange = (userId: string) => void;

/**
 * A transaction that changes tokens' verification state. `changed(userId)` notes whose; after the
 * commit, and before this returns, every instance is told (`announceTokenChanges`).
 */
export async function tokenTransaction<T>(
  work: (tx: Prisma.TransactionClient, changed: NoteChange) => Promise<T>,
): Promise<T> {
  const users = new Set<string>();
  const result = await db().$transaction((tx) => work(tx, (userId) => users.add(userId)));
  await announceTokenChanges(users);
  return result;
}
