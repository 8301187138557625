import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { config } from "../config";
import { DomainError } from "../errors";
import { log } from "../log";
import { metrics } from "../metrics/metrics";
import { DAY_MS } from "../time";
import { redis, redisReady, type RedisTarget } from "./redis";
import type { Db, Prisma } from "./types";

// Token epochs: how instances on PostgreSQL + Redis keep token rows in memory and still refuse a
// revoked token at its very next request, everywhere (lib/db/token-store.ts reads with them; the
// argument is in docs/architecture.md). Every user has an epoch in Redis, a random value. Every
// committed write that changes what verification decides sets a new epoch for the users it
// touched, after the commit and before the write returns: the Prisma client itself does it
// (`invalidatingClient`), so no writer can forget.

// ---------------------------------------------------------------------------------------------
// Epochs

/** Kept epochs die after a day of silence; a missing epoch is recreated, which only forces a read. */
const EPOCH_TTL_MS = DAY_MS;

/**
 * The longest an instance keeps a token row, whatever the epoch says: the bound for a change made
 * behind Prisma's back (SQL by hand) or whose announcement failed.
 */
export const KEPT_MAX_AGE_MS = 60_000;

export function epochsEnabled(): boolean {
  return config().databaseKind === "postgresql" && config().redisUrl !== undefined;
}

/** A value no epoch has had: 96 random bits, so an old value never comes back (no ABA). */
function freshEpoch(): string {
  return randomBytes(12).toString("base64url");
}

/**
 * The Redis key a request's rate-limit round trip reads alongside its count (created with a fresh
 * value when absent), so confirming a kept row costs no round trip of its own.
 */
export function epochWatch(userId: string) {
  return { key: `keyway:epoch:${userId}`, initial: freshEpoch(), ttlMs: EPOCH_TTL_MS };
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
  const { key, initial, ttlMs } = epochWatch(userId);
  try {
    return (await client.eval(READ_EPOCH, 1, key, initial, ttlMs)) as string;
  } catch (error) {
    throw unavailable(error, "Token verification is temporarily unavailable; retry shortly.");
  }
}

/** Users whose announcement failed, retried in the background until their kept rows have aged out anyway. */
const unannounced = new Map<string, { target: RedisTarget; until: number }>();
let retrying: NodeJS.Timeout | undefined;

async function setEpochs(target: RedisTarget, userIds: Iterable<string>): Promise<void> {
  const client = redis(target)!;
  await redisReady(client);
  const batch = client.multi();
  for (const userId of userIds) {
    const { key, initial, ttlMs } = epochWatch(userId);
    batch.set(key, initial, "PX", ttlMs);
  }
  await batch.exec();
}

function retryLater(target: RedisTarget, userIds: Iterable<string>) {
  const until = Date.now() + KEPT_MAX_AGE_MS;
  for (const userId of userIds) unannounced.set(userId, { target, until });
  retrying ??= setInterval(() => {
    const now = Date.now();
    for (const [userId, due] of unannounced) if (due.until < now) unannounced.delete(userId);
    if (!unannounced.size) {
      clearInterval(retrying);
      retrying = undefined;
      return;
    }
    for (const [userId, due] of unannounced) {
      setEpochs(due.target, [userId]).then(
        () => unannounced.delete(userId),
        () => undefined,
      );
    }
  }, 1000);
  retrying.unref();
}

/**
 * Tells every instance that these users' tokens changed: a new epoch each. Throws 503 when Redis
 * cannot be told, since the caller must not report the change as effective everywhere; the change
 * itself is committed, is retried in the background, and kept rows expire within `KEPT_MAX_AGE_MS`.
 */
async function announce(target: RedisTarget, userIds: Iterable<string>): Promise<void> {
  const users = [...new Set(userIds)];
  if (!users.length) return;
  try {
    await setEpochs(target, users);
  } catch (error) {
    retryLater(target, users);
    throw unavailable(
      error,
      "The change is saved, but not every Keyway instance could be told yet; retry to confirm it.",
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Writes: the Prisma client announces them

type Args = { where?: unknown; data?: Record<string, unknown>; update?: Record<string, unknown> };

/** The columns of ApiToken whose change alters what verification decides (not `lastUsedAt`, `name`...). */
const VERIFYING_COLUMNS = [
  "revokedAt",
  "expiresAt",
  "scopes",
  "rateLimitPerHour",
  "allowedAddresses",
  "tools",
  "approval",
  "tokenHash",
  "userId",
  "orgId",
  "delegatedFromId",
];
const WRITES = ["update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany"] as const;

function changed(args: Args, fields: readonly string[]): boolean {
  const data = args.data ?? args.update ?? {};
  return fields.some((field) => field in data);
}

/**
 * For each model a write to which can change verification: the tokens it touches, as a filter on
 * ApiToken, or null when this write changes nothing verification reads. Deletes cascade to tokens
 * (a user, an organization, a grant, a client, a service account's client or trust policy; a
 * delegated token shares its original's holder, whose epoch the original's write announces); `tokens` covers
 * nested writes.
 */
const TOUCHED: Record<string, (operation: string, args: Args) => unknown> = {
  apiToken: (operation, args) =>
    operation.startsWith("delete") || changed(args, VERIFYING_COLUMNS) ? (args.where ?? {}) : null,
  user: (operation, args) =>
    operation.startsWith("delete") || changed(args, ["mcpAdmin", "disabledAt", "passwordHash", "tokens"])
      ? { user: { is: args.where ?? {} } }
      : null,
  organization: (operation, args) =>
    operation.startsWith("delete") || changed(args, ["requireSecondFactor", "tokens"])
      ? { org: { is: args.where ?? {} } }
      : null,
  // A second factor removed (or reset) refuses the holder's tokens where one is required.
  totpAuthenticator: (operation, args) =>
    operation.startsWith("delete") || changed(args, ["confirmedAt"])
      ? { user: { is: { totp: { is: args.where ?? {} } } } }
      : null,
  passkey: (operation, args) =>
    operation.startsWith("delete") ? { user: { is: { passkeys: { some: args.where ?? {} } } } } : null,
  oAuthGrant: (operation, args) =>
    operation.startsWith("delete") || changed(args, ["tokens"]) ? { grant: { is: args.where ?? {} } } : null,
  serviceClient: (operation, args) =>
    operation.startsWith("delete") ? { serviceClient: { is: args.where ?? {} } } : null,
  workloadTrust: (operation, args) =>
    operation.startsWith("delete") ? { trustPolicy: { is: args.where ?? {} } } : null,
  upstreamServer: (operation, args) => (operation.startsWith("delete") ? { server: { is: args.where ?? {} } } : null),
  oAuthClient: (operation, args) =>
    operation.startsWith("delete") ? { grant: { is: { client: { is: args.where ?? {} } } } } : null,
};

/** The writes of one `$transaction`, announced once it has committed. */
type Unit = { users: Set<string>; tx?: Prisma.TransactionClient; batch: boolean };

/**
 * PostgreSQL client `base`, made to announce to `target` (the deployment's Redis) every write that changes a token's
 * verification state (`base` itself without Redis). A write outside a transaction is
 * announced as soon as it returns; a write inside `$transaction(async (tx) => ...)` once the
 * transaction has committed, before `$transaction` returns. The users a write touches are read
 * just before it (by then a delete's rows, or an update's `where`, still match).
 */
export function invalidatingClient(base: Db, target: RedisTarget | undefined): Db {
  if (!target) return base;
  const units = new AsyncLocalStorage<Unit>();

  const usersOf = async (reader: Prisma.TransactionClient, where: unknown) =>
    (
      await reader.apiToken.findMany({
        where: where as Prisma.ApiTokenWhereInput,
        select: { userId: true },
        distinct: ["userId"],
      })
    ).map((row) => row.userId);

  const query = Object.fromEntries(
    Object.entries(TOUCHED).map(([model, touched]) => [
      model,
      Object.fromEntries(
        WRITES.map((operation) => [
          operation,
          async ({ args, query }: { args: Args; query: (args: Args) => Promise<unknown> }) => {
            const where = touched(operation, args);
            if (where === null) return query(args);
            const unit = units.getStore();
            if (unit?.batch) {
              throw new Error(
                "A change to tokens' verification state needs an interactive $transaction (async (tx) => ...).",
              );
            }
            const users = await usersOf(unit?.tx ?? base, where);
            const result = await query(args);
            if (unit) users.forEach((user) => unit.users.add(user));
            else await announce(target, users);
            return result;
          },
        ]),
      ),
    ]),
  );
  // Built from the table above, so typed loosely; each hook passes its arguments through unchanged.
  const extended = base.$extends({ query: query as never }) as unknown as Db;

  const transaction = (work: unknown, options?: unknown) => {
    const unit: Unit = { users: new Set(), batch: typeof work !== "function" };
    return units.run(unit, async () => {
      const result = await (extended.$transaction as (work: unknown, options?: unknown) => Promise<unknown>)(
        typeof work === "function"
          ? (tx: Prisma.TransactionClient) => {
              unit.tx = tx;
              return (work as (tx: Prisma.TransactionClient) => Promise<unknown>)(tx);
            }
          : work,
        options,
      );
      await announce(target, unit.users);
      return result;
    });
  };
  return new Proxy(extended, {
    get: (target, property, receiver) =>
      property === "$transaction" ? transaction : Reflect.get(target, property, receiver),
  });
}
