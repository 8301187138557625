import { createHmac, randomBytes } from "node:crypto";
import { recordUserAction } from "../audit/record-audit-event";
import type { AccountUser } from "../auth/accounts";
import { config } from "../config";
import { db } from "../db/client";
import { DomainError } from "../errors";
import { log } from "../log";
import { guardedPost, outboundUrlProblem } from "../net/outbound";
import { sendExpiryNotices } from "./expiry-notices";
import type { WebhookDelivery } from "../db/types";
import type { WebhookDeliveryView } from "./schemas";

// Webhooks for unusual activity and tokens about to expire. The body is JSON; `Keyway-Signature: t=<unix seconds>,v1=<hex>`
// is the HMAC-SHA256 of `<t>.<body>` with the organization's secret. The secret is derived from
// the server's key and a stored nonce, so the database alone never holds it; it is shown to the
// owner once when the webhook is set. Deliveries retry with backoff (1 s, 2 s, 4 s, ... up to
// 5 minutes apart, 8 attempts) and every attempt is in the delivery log.
export const MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 5_000;
const LEASE_MS = 30_000;

function signingSecret(orgId: string, nonce: string): string {
  return createHmac("sha256", config().jwtSecret).update(`webhook:${orgId}:${nonce}`).digest("base64url");
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export async function configureWebhook(user: AccountUser, url: string | null) {
  let nonce: string | null = null;
  if (url !== null) {
    const parsed = URL.parse(url);
    const problem = parsed ? outboundUrlProblem(parsed, config().outbound) : "it is not a URL";
    if (problem) {
      throw new DomainError("validation_error", `url: ${problem}`, { fields: { url: [problem] } });
    }
    nonce = randomBytes(16).toString("base64url");
  }
  await db().$transaction(async (tx) => {
    await tx.organization.update({ where: { id: user.orgId }, data: { webhookUrl: url, webhookSecretNonce: nonce } });
    await recordUserAction(tx, user, {
      action: "policy.updated",
      targetType: "webhook",
      targetId: user.orgId,
      metadata: { webhookUrl: url },
    });
  });
  return { url, secret: nonce ? signingSecret(user.orgId, nonce) : null };
}

export async function webhookLog(user: AccountUser) {
  const org = await db().organization.findUniqueOrThrow({ where: { id: user.orgId }, select: { webhookUrl: true } });
  const deliveries = await db().webhookDelivery.findMany({
    where: { orgId: user.orgId },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return { url: org.webhookUrl, deliveries: deliveries.map(deliveryView) };
}

function deliveryView(d: WebhookDelivery): WebhookDeliveryView {
  return {
    id: d.id,
    event: d.event as WebhookDeliveryView["event"],
    flagId: d.flagId || null,
    url: d.url,
    status: d.status as "pending" | "delivered" | "failed",
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

/**
 * Sends a signed test event to the organization's webhook at once, as a flag would be sent (same
 * signature, same log, retried the same way if it fails): how an owner checks the receiver before
 * the first real flag. Answers with the delivery after its first attempt.
 */
export async function sendTestWebhook(user: AccountUser) {
  const org = await db().organization.findUniqueOrThrow({ where: { id: user.orgId }, select: { webhookUrl: true } });
  if (!org.webhookUrl) throw new DomainError("conflict", "Set a webhook URL first.");
  const delivery = await db().$transaction(async (tx) => {
    const created = await tx.webhookDelivery.create({
      data: {
        orgId: user.orgId,
        flagId: "",
        event: "webhook.test",
        url: org.webhookUrl!,
        payload: "",
        status: "pending",
      },
    });
    const payload = JSON.stringify({
      type: "webhook.test",
      id: created.id,
      organizationId: user.orgId,
      message: "A test from Keyway: this receiver is reached and can check the signature.",
      createdAt: created.createdAt.toISOString(),
    });
    // Leased for the first attempt, made just below, so the dispatcher leaves it alone meanwhile.
    return tx.webhookDelivery.update({
      where: { id: created.id },
      data: { payload, nextAttemptAt: new Date(Date.now() + LEASE_MS) },
    });
  });
  await deliver(delivery.id);
  return deliveryView(await db().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } }));
}

async function deliver(id: string) {
  const delivery = await db().webhookDelivery.findUnique({
    where: { id },
    include: { org: { select: { webhookSecretNonce: true } } },
  });
  if (!delivery || delivery.status !== "pending") return;
  const attempts = delivery.attempts + 1;
  let status: number | null = null;
  let error: string | null = null;
  try {
    const url = new URL(delivery.url);
    const problem = outboundUrlProblem(url, config().outbound);
    if (problem) throw new Error(problem);
    const timestamp = Math.floor(Date.now() / 1000);
    const secret = signingSecret(delivery.orgId, delivery.org.webhookSecretNonce ?? "");
    status = await guardedPost(
      url,
      delivery.payload,
      {
        "content-type": "application/json",
        "keyway-signature": signature(secret, timestamp, delivery.payload),
        "user-agent": "Keyway-Webhooks/1",
      },
      config().outbound,
      TIMEOUT_MS,
    );
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  const delivered = status !== null && status >= 200 && status < 300;
  const gaveUp = !delivered && attempts >= MAX_ATTEMPTS;
  await db().webhookDelivery.update({
    where: { id },
    data: {
      attempts,
      lastStatus: status,
      lastError: delivered ? null : (error ?? `HTTP ${status}`),
      status: delivered ? "delivered" : gaveUp ? "failed" : "pending",
      deliveredAt: delivered ? new Date() : null,
      nextAttemptAt: new Date(Date.now() + Math.min(2 ** (attempts - 1) * 1000, 300_000)),
    },
  });
}

/** Sends what is due; a lease on each row keeps two instances from sending it twice at once. */
export async function deliverDueWebhooks() {
  const due = await db().webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: new Date() } },
    select: { id: true, nextAttemptAt: true },
    take: 20,
  });
  for (const row of due) {
    const leased = await db().webhookDelivery.updateMany({
      where: { id: row.id, status: "pending", nextAttemptAt: row.nextAttemptAt },
      data: { nextAttemptAt: new Date(Date.now() + LEASE_MS) },
    });
    if (leased.count === 1) await deliver(row.id);
  }
}

let timer: NodeJS.Timeout | undefined;
// Deliveries are looked for every tick; tokens coming up to their expiry every tenth (5 s).
const TICK_MS = 500;
const EXPIRY_SCAN_EVERY = 10;

export function startWebhookDispatcher() {
  if (timer) return;
  let running = false;
  let tick = 0;
  timer = setInterval(() => {
    if (running) return;
    running = true;
    const scan = tick++ % EXPIRY_SCAN_EVERY === 0;
    (scan ? sendExpiryNotices() : Promise.resolve(0))
      .then(() => deliverDueWebhooks())
      .catch((error: unknown) =>
        log("warn", "webhooks.dispatch_failed", { reason: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => (running = false));
  }, TICK_MS);
  timer.unref();
}
