import { recordUserAction } from "../audit/record-audit-event";
import type { AccountUser } from "../auth/accounts";
import { db } from "../db/client";
import { DomainError } from "../errors";
import { isUniqueViolation } from "../db/errors";
import { log } from "../log";
import { DAY_MS, MINUTE_MS } from "../time";

// Unusual activity on tokens, noticed off the request path: the hot path only hands over what it
// saw (one Set lookup per request); writing sightings and flags happens in the background.
export type FlagKind =
  "refusal_burst" | "use_after_silence" | "new_client_address" | "new_user_agent" | "new_client_info" | "leak_reported";
export type SightingKind = "address" | "user_agent" | "client_info";

const NEW_KIND: Record<SightingKind, FlagKind> = {
  address: "new_client_address",
  user_agent: "new_user_agent",
  client_info: "new_client_info",
};
export const BURST = { refusals: 20, windowMs: 5 * MINUTE_MS };
export const SILENCE_MS = 30 * DAY_MS;
/**
 * A token's first minutes of use are its setting up: a client's first requests often come from
 * two programs (an inspector, then the agent; a proxy and the SDK), and none of that is unusual.
 * Only what is new against sightings older than this is flagged.
 */
export const SETTLING_MS = 10 * MINUTE_MS;

/** Records a flag and queues its webhook delivery when the organization has a webhook. */
export async function raiseFlag(tokenId: string, kind: FlagKind, detail: Record<string, unknown>) {
  const token = await db().apiToken.findUnique({
    where: { id: tokenId },
    select: { orgId: true, name: true, org: { select: { webhookUrl: true } } },
  });
  if (!token) return;
  await db().$transaction(async (tx) => {
    const flag = await tx.activityFlag.create({
      data: { orgId: token.orgId, tokenId, kind, detail: JSON.stringify(detail) },
    });
    if (token.org.webhookUrl) {
      const payload = {
        type: "token.unusual_activity",
        id: flag.id,
        kind,
        organizationId: token.orgId,
        token: { id: tokenId, name: token.name },
        detail,
        createdAt: flag.createdAt.toISOString(),
      };
      await tx.webhookDelivery.create({
        data: {
          orgId: token.orgId,
          flagId: flag.id,
          url: token.org.webhookUrl,
          payload: JSON.stringify(payload),
          status: "pending",
        },
      });
    }
  });
  log("info", "activity.flagged", { tokenId, kind });
}

// Sightings: what each token was used from. Known ones are kept in memory (per instance); a new
// one is written once, and flagged when the token had been used from another of that kind before
// its setting up was over (SETTLING_MS).
const KNOWN_MAX = 50_000;
const known = new Set<string>();
const waiting: { tokenId: string; kind: SightingKind; value: string }[] = [];
let draining: Promise<void> | undefined;

export function observeUse(tokenId: string, sightings: { kind: SightingKind; value: string | null | undefined }[]) {
  for (const { kind, value } of sightings) {
    if (!value) continue;
    const trimmed = value.slice(0, 200);
    const key = `${tokenId}\u0000${kind}\u0000${trimmed}`;
    if (known.has(key)) continue;
    if (known.size >= KNOWN_MAX) known.clear();
    known.add(key);
    waiting.push({ tokenId, kind, value: trimmed });
  }
  if (waiting.length && !draining) draining = drain().finally(() => (draining = undefined));
}

async function drain() {
  await new Promise((resolve) => setImmediate(resolve));
  while (waiting.length) {
    const { tokenId, kind, value } = waiting.shift()!;
    try {
      await db().tokenSighting.create({ data: { tokenId, kind, value } });
    } catch (error) {
      if (isUniqueViolation(error)) continue; // seen before (by this or another instance)
      log("warn", "activity.sighting_failed", { reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const others = await db().tokenSighting.count({
      where: { tokenId, kind, value: { not: value }, firstSeenAt: { lt: new Date(Date.now() - SETTLING_MS) } },
    });
    if (others > 0) await raiseFlag(tokenId, NEW_KIND[kind], { [kind]: value }).catch(() => undefined);
  }
}

// Bursts of refusals (denied or rate-limited calls), counted per instance in a sliding window.
const refusals = new Map<string, { times: number[]; flaggedAt: number }>();

export function noteRefusal(tokenId: string, at = Date.now()) {
  const entry = refusals.get(tokenId) ?? { times: [], flaggedAt: 0 };
  entry.times = entry.times.filter((t) => t > at - BURST.windowMs);
  entry.times.push(at);
  refusals.set(tokenId, entry);
  if (entry.times.length >= BURST.refusals && at - entry.flaggedAt > BURST.windowMs) {
    entry.flaggedAt = at;
    raiseFlag(tokenId, "refusal_burst", {
      refusals: entry.times.length,
      windowMinutes: BURST.windowMs / MINUTE_MS,
    }).catch(() => undefined);
  }
  if (refusals.size > KNOWN_MAX) refusals.clear();
}

/** Use after a long silence: called with the previous lastUsedAt when a use is written. */
export function noteUse(tokenId: string, previous: Date | null, at: number) {
  if (previous && at - previous.getTime() > SILENCE_MS) {
    raiseFlag(tokenId, "use_after_silence", { silentDays: Math.floor((at - previous.getTime()) / DAY_MS) }).catch(
      () => undefined,
    );
  }
}

export async function listActivity(orgId: string, limit = 100) {
  const flags = await db().activityFlag.findMany({
    where: { orgId, dismissedAt: null },
    include: { token: { select: { name: true, userId: true } } },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return {
    flags: flags.map((flag) => ({
      id: flag.id,
      kind: flag.kind as FlagKind,
      tokenId: flag.tokenId,
      tokenName: flag.token.name,
      userId: flag.token.userId,
      detail: JSON.parse(flag.detail) as Record<string, unknown>,
      createdAt: flag.createdAt.toISOString(),
    })),
  };
}

/** Sets a flag aside once looked at: it is no longer listed, nor counted on its token (the audit log keeps who). */
export async function dismissFlag(user: AccountUser, id: string) {
  await db().$transaction(async (tx) => {
    const dismissed = await tx.activityFlag.updateMany({
      where: { id, orgId: user.orgId, dismissedAt: null },
      data: { dismissedAt: new Date(), dismissedById: user.id },
    });
    if (dismissed.count === 0) throw new DomainError("not_found", "No such flag, or it was dismissed already.");
    await recordUserAction(tx, user, { action: "activity.flag_dismissed", targetType: "activity_flag", targetId: id });
  });
}

/** Flags per token over the last week, for token lists. */
export async function recentFlagCounts(tokenIds: string[]): Promise<Map<string, number>> {
  if (tokenIds.length === 0) return new Map();
  const rows = await db().activityFlag.groupBy({
    by: ["tokenId"],
    where: { tokenId: { in: tokenIds }, dismissedAt: null, createdAt: { gte: new Date(Date.now() - 7 * DAY_MS) } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.tokenId, row._count._all]));
}
