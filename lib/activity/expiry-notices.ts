import { db } from "../db/client";
import { log } from "../log";
import { EXPIRES_SOON_MS } from "../time";

// The webhook's `token.expiring`: once per token, when it comes within EXPIRES_SOON_MS of its end
// (the console shows its holder the same), so a team's own tooling can rotate it or chase whoever
// holds it before its clients are cut off. Only tokens that will really stop: personal and service
// account tokens, approved, not revoked, not an old secret replaced by rotation (its successor
// carries the name on), and not OAuth access tokens (their apps refresh them).

const BATCH = 100;

/**
 * Sends the notices now due, in batches; each token is claimed by setting `expiryNoticeAt`, in the
 * transaction that queues its delivery, so two instances never send one twice.
 */
export async function sendExpiryNotices(now = new Date()): Promise<number> {
  let sent = 0;
  for (;;) {
    const due = await db().apiToken.findMany({
      where: {
        expiryNoticeAt: null,
        expiresAt: { gt: now, lte: new Date(now.getTime() + EXPIRES_SOON_MS) },
        revokedAt: null,
        approval: "approved",
        // Personal tokens only (lib/tokens/token-view.ts PERSONAL): what OAuth issues lives minutes.
        grantId: null,
        serviceClientId: null,
        trustPolicyId: null,
        delegatedFromId: null,
        rotatedTo: { is: null },
      },
      select: {
        id: true,
        name: true,
        hint: true,
        orgId: true,
        expiresAt: true,
        user: { select: { id: true, name: true, email: true, kind: true } },
        org: { select: { webhookUrl: true } },
      },
      orderBy: { expiresAt: "asc" },
      take: BATCH,
    });
    for (const token of due) {
      const queued = await db().$transaction(async (tx) => {
        const claimed = await tx.apiToken.updateMany({
          where: { id: token.id, expiryNoticeAt: null },
          data: { expiryNoticeAt: now },
        });
        if (claimed.count === 0 || !token.org.webhookUrl) return false;
        const delivery = await tx.webhookDelivery.create({
          data: {
            orgId: token.orgId,
            flagId: "",
            event: "token.expiring",
            url: token.org.webhookUrl,
            payload: "",
            status: "pending",
          },
        });
        const payload = {
          type: "token.expiring",
          id: delivery.id,
          organizationId: token.orgId,
          token: {
            id: token.id,
            name: token.name,
            hint: token.hint,
            expiresAt: token.expiresAt.toISOString(),
            holder: {
              kind: token.user.kind === "service" ? "service_account" : "person",
              id: token.user.id,
              name: token.user.name || token.user.email,
            },
          },
          createdAt: delivery.createdAt.toISOString(),
        };
        await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { payload: JSON.stringify(payload) } });
        return true;
      });
      if (queued) sent++;
    }
    if (due.length < BATCH) break;
  }
  if (sent) log("info", "activity.expiry_notices_queued", { count: sent });
  return sent;
}
