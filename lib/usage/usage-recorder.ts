import { randomBytes } from "node:crypto";
import { noteRefusal, noteUse } from "../activity/flags";
import { db } from "../db/client";
import { isUnavailable } from "../db/errors";
import { insertRows } from "../db/insert-rows";
import { log } from "../log";
import { metrics } from "../metrics/metrics";
import { HOUR_MS } from "../time";
import type { UsageCounts as Counts, UsageOutcome } from "../tokens/schemas";
import { zeroCounts } from "../tokens/token-usage";

export type { UsageOutcome };

const FLUSH_INTERVAL_MS = 1000;
const FIELD: Record<UsageOutcome, keyof Counts> = {
  succeeded: "succeeded",
  error: "errors",
  denied: "denied",
  rateLimited: "rateLimited",
};

type Entry = { tokenId: string; hourStart: number; tool: string; counts: Counts };

/** Who made a call, for the per-request log: the MCP client's name and the client address. */
export type CallSource = { clientName: string | null; clientAddress: string | null };
/** How a call ended, for the per-request log: the answer's HTTP status, why it failed, how long it took. */
export type CallEnd = { status: number | null; reason: string | null; durationMs: number | null };
type UsageEventRow = CallSource &
  CallEnd & { id: string; tokenId: string; at: Date; tool: string; outcome: UsageOutcome };
const EVENT_COLUMNS = [
  "id",
  "tokenId",
  "at",
  "tool",
  "outcome",
  "clientName",
  "clientAddress",
  "status",
  "reason",
  "durationMs",
] as const;
// A reason is a sentence for people, not a dump: long messages are cut here.
const MAX_REASON_LENGTH = 300;

// The per-request log is bounded in memory: past this many calls a second, the counts stay exact
// and only the log thins out (and says so in the server's log).
const MAX_EVENTS_PER_FLUSH = 5_000;
const MAX_EVENTS_PER_STATEMENT = 1024;

/**
 * Splits a list into runs whose lengths are powers of two, largest first, none longer than `max`
 * (a power of two): any length is written with at most log2(max) + 1 statement shapes.
 */
export function powerOfTwoChunks<T>(items: T[], max: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0, size = max; start < items.length;) {
    while (size > items.length - start) size >>= 1;
    chunks.push(items.slice(start, start + size));
    start += size;
  }
  return chunks;
}

const INSTANCE = randomBytes(6).toString("hex");
let sequence = 0;

/**
 * An event's id, written by Keyway rather than Prisma (see insertRows): ordered like the calls
 * (the time, then this process's sequence), so the request log's tie-break on id (newest first
 * among calls of the same millisecond) keeps their order, and unique across instances (the
 * process's random tail; the sequence does not come round within a millisecond).
 */
export function eventId(at: number): string {
  sequence = (sequence + 1) % 36 ** 4;
  return `u${at.toString(36).padStart(9, "0")}${sequence.toString(36).padStart(4, "0")}${INSTANCE}`;
}

/**
 * Usage is counted in memory and written once a second in one transaction: the request path
 * never waits for a write, and a crash loses at most the last second.
 */
class UsageRecorder {
  private pending = new Map<string, Entry>();
  private events: UsageEventRow[] = [];
  private droppedEvents = 0;
  /** When the oldest call not yet written was recorded, for the flush-lag metric. */
  private oldestPendingAt: number | null = null;
  private lastUsed = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  record(tokenId: string, tool: string, outcome: UsageOutcome, source: CallSource, end: CallEnd, at = Date.now()) {
    const counts = zeroCounts();
    counts.requests = 1;
    counts[FIELD[outcome]] = 1;
    this.add({ tokenId, hourStart: Math.floor(at / HOUR_MS) * HOUR_MS, tool, counts });
    this.oldestPendingAt ??= at;
    if (this.events.length < MAX_EVENTS_PER_FLUSH)
      this.events.push({
        id: eventId(at),
        tokenId,
        at: new Date(at),
        tool,
        outcome,
        ...source,
        ...end,
        reason: end.reason && end.reason.slice(0, MAX_REASON_LENGTH),
      });
    else this.droppedEvents++;
    if (outcome !== "rateLimited") this.touch(tokenId, at);
    if (outcome === "denied" || outcome === "rateLimited") noteRefusal(tokenId, at);
    this.schedule();
  }

  private add(entry: Entry) {
    const key = `${entry.tokenId}\u0000${entry.hourStart}\u0000${entry.tool}`;
    const existing = this.pending.get(key);
    if (!existing) {
      this.pending.set(key, { ...entry, counts: { ...entry.counts } });
      return;
    }
    for (const field of Object.keys(existing.counts) as (keyof Counts)[]) existing.counts[field] += entry.counts[field];
  }

  private touch(tokenId: string, at: number) {
    this.lastUsed.set(tokenId, Math.max(at, this.lastUsed.get(tokenId) ?? 0));
  }

  private schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error) =>
        log("error", "usage.flush_failed", { reason: error instanceof Error ? error.message : String(error) }),
      );
    }, FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Writes everything counted so far. On failure the counts go back into the queue for the next try. */
  async flush(): Promise<void> {
    await this.flushing?.catch(() => undefined);
    if (this.pending.size === 0 && this.lastUsed.size === 0) return;
    const batch = [...this.pending.values()];
    const lastUsed = [...this.lastUsed];
    const events = this.events;
    const oldest = this.oldestPendingAt;
    this.oldestPendingAt = null;
    this.pending.clear();
    this.lastUsed.clear();
    this.events = [];
    if (this.droppedEvents) {
      log("warn", "usage.request_log_thinned", { dropped: this.droppedEvents });
      this.droppedEvents = 0;
    }
    this.flushing = this.write(batch, lastUsed, events);
    try {
      await this.flushing;
      if (oldest !== null) metrics().usageFlushLag.observe((Date.now() - oldest) / 1000);
    } catch (error) {
      // Only an unreachable store is worth retrying; anything else would fail again forever.
      if (isUnavailable(error)) {
        for (const entry of batch) this.add(entry);
        for (const [tokenId, at] of lastUsed) this.touch(tokenId, at);
        this.events = [...events, ...this.events].slice(0, MAX_EVENTS_PER_FLUSH);
        this.oldestPendingAt = Math.min(oldest ?? Date.now(), this.oldestPendingAt ?? Date.now());
        this.schedule();
      }
      throw error;
    } finally {
      this.flushing = undefined;
    }
  }

  private async write(allEntries: Entry[], allLastUsed: [string, number][], allEvents: UsageEventRow[]) {
    const client = db();
    // The uses before these ones (to notice a token used again after a long silence), and which
    // tokens still exist: a token deleted since its use (with its user or organization) has no row
    // to count against, and one such use would otherwise fail, and lose, the whole batch.
    const ids = [...new Set([...allEntries.map((entry) => entry.tokenId), ...allLastUsed.map(([id]) => id)])];
    const previous = new Map(
      (await client.apiToken.findMany({ where: { id: { in: ids } }, select: { id: true, lastUsedAt: true } })).map(
        (row) => [row.id, row.lastUsedAt],
      ),
    );
    const batch = allEntries.filter((entry) => previous.has(entry.tokenId));
    const lastUsed = allLastUsed.filter(([id]) => previous.has(id));
    const events = allEvents.filter((event) => previous.has(event.tokenId));
    // Statement by statement, each of a shape seen before: Prisma keeps a compiled plan per query
    // shape (a batch is one shape as a whole), so a batch whose length changed every second
    // compiled a new plan each flush and kept up to a thousand of them in the heap; the events'
    // INSERTs come in power-of-two lengths too, so the store sees a few statement shapes only.
    await client.$transaction(async (tx) => {
      for (const { tokenId, hourStart, tool, counts } of batch)
        await tx.tokenUsage.upsert({
          where: { tokenId_hourStart_tool: { tokenId, hourStart: new Date(hourStart), tool } },
          create: { tokenId, hourStart: new Date(hourStart), tool, ...counts },
          update: {
            requests: { increment: counts.requests },
            succeeded: { increment: counts.succeeded },
            errors: { increment: counts.errors },
            denied: { increment: counts.denied },
            rateLimited: { increment: counts.rateLimited },
          },
        });
      for (const chunk of powerOfTwoChunks(events, MAX_EVENTS_PER_STATEMENT))
        await insertRows(tx, "UsageEvent", EVENT_COLUMNS, chunk);
      for (const [id, at] of lastUsed)
        await tx.apiToken.updateMany({
          where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at) } }] },
          data: { lastUsedAt: new Date(at) },
        });
    });
    for (const [id, at] of lastUsed) noteUse(id, previous.get(id) ?? null, at);
  }
}

const globalForUsage = globalThis as unknown as { keywayUsage?: UsageRecorder };

export function usageRecorder(): UsageRecorder {
  globalForUsage.keywayUsage ??= new UsageRecorder();
  return globalForUsage.keywayUsage;
}

/** Writes what is still in memory, if anything was recorded (on a clean stop: instrumentation.ts). */
export async function flushUsage(): Promise<void> {
  await globalForUsage.keywayUsage?.flush();
}
