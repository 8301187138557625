import { config } from "../config";
import { db } from "../db/client";
import { log } from "../log";
import { DAY_MS, HOUR_MS } from "../time";

// Retention: hourly usage rows (and the per-request log) and audit events older than their configured number of days, and
// OAuth codes, refresh tokens and client assertions' jtis that can never be used again, are deleted by a job that runs
// inside the app (no external cron). It deletes in small batches and yields between them, so a
// large backlog never holds the store (SQLite's single writer) for long, and requests go on.
const BATCH = 500;
export const PRUNE_INTERVAL_MS = HOUR_MS;

type Counts = {
  usageRows: number;
  usageEvents: number;
  auditEvents: number;
  activityFlags: number;
  webhookDeliveries: number;
  oauthCodes: number;
  refreshTokens: number;
  clientAssertions: number;
};

async function inBatches(
  findIds: () => Promise<{ id: string }[]>,
  remove: (ids: string[]) => Promise<{ count: number }>,
) {
  let total = 0;
  for (;;) {
    const ids = (await findIds()).map((row) => row.id);
    if (ids.length === 0) return total;
    total += (await remove(ids)).count;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function pruneExpiredRecords(now = new Date()): Promise<Counts> {
  const { auditRetentionDays, usageRetentionDays } = config();
  const usageBefore = new Date(now.getTime() - usageRetentionDays * DAY_MS);
  const auditBefore = new Date(now.getTime() - auditRetentionDays * DAY_MS);
  // A code lives five minutes and a refresh token thirty days; a day's grace keeps them readable
  // for anyone investigating a reuse.
  const deadBefore = new Date(now.getTime() - DAY_MS);
  const select = { id: true } as const;
  return {
    usageRows: await inBatches(
      () => db().tokenUsage.findMany({ where: { hourStart: { lt: usageBefore } }, select, take: BATCH }),
      (ids) => db().tokenUsage.deleteMany({ where: { id: { in: ids } } }),
    ),
    // The per-request log is kept exactly as long as the hourly counts it adds up to.
    usageEvents: await inBatches(
      () => db().usageEvent.findMany({ where: { at: { lt: usageBefore } }, select, take: BATCH }),
      (ids) => db().usageEvent.deleteMany({ where: { id: { in: ids } } }),
    ),
    auditEvents: await inBatches(
      () => db().auditEvent.findMany({ where: { createdAt: { lt: auditBefore } }, select, take: BATCH }),
      (ids) => db().auditEvent.deleteMany({ where: { id: { in: ids } } }),
    ),
    // Flags are part of the audit trail; finished webhook deliveries are kept as long as usage.
    activityFlags: await inBatches(
      () => db().activityFlag.findMany({ where: { createdAt: { lt: auditBefore } }, select, take: BATCH }),
      (ids) => db().activityFlag.deleteMany({ where: { id: { in: ids } } }),
    ),
    webhookDeliveries: await inBatches(
      () =>
        db().webhookDelivery.findMany({
          where: { createdAt: { lt: usageBefore }, status: { not: "pending" } },
          select,
          take: BATCH,
        }),
      (ids) => db().webhookDelivery.deleteMany({ where: { id: { in: ids } } }),
    ),
    oauthCodes: await inBatches(
      () => db().oAuthCode.findMany({ where: { expiresAt: { lt: deadBefore } }, select, take: BATCH }),
      (ids) => db().oAuthCode.deleteMany({ where: { id: { in: ids } } }),
    ),
    refreshTokens: await inBatches(
      () => db().oAuthRefreshToken.findMany({ where: { expiresAt: { lt: deadBefore } }, select, take: BATCH }),
      (ids) => db().oAuthRefreshToken.deleteMany({ where: { id: { in: ids } } }),
    ),
    // A used assertion's jti is kept only while the assertion itself could still be presented.
    clientAssertions: await inBatches(
      () => db().usedClientAssertion.findMany({ where: { expiresAt: { lt: now } }, select, take: BATCH }),
      (ids) => db().usedClientAssertion.deleteMany({ where: { id: { in: ids } } }),
    ),
  };
}

let timer: NodeJS.Timeout | undefined;

/** Prunes once shortly after start, then every hour; never keeps the process alive by itself. */
export function startRetentionJob() {
  if (timer) return;
  const run = () =>
    pruneExpiredRecords()
      .then((counts) => {
        if (Object.values(counts).some((count) => count > 0)) log("info", "retention.pruned", counts);
      })
      .catch((error: unknown) =>
        log("warn", "retention.failed", { reason: error instanceof Error ? error.message : String(error) }),
      );
  setTimeout(run, 1_000).unref();
  timer = setInterval(run, PRUNE_INTERVAL_MS);
  timer.unref();
}
