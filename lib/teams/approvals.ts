import { recordUserAction } from "../audit/record-audit-event";
import { db } from "../db/client";
import type { AccountUser } from "../auth/accounts";
import { DomainError } from "../errors";
import { findTokenFor } from "../tokens/find-token";
import { toTokenView, WITH_HOLDER } from "../tokens/token-view";

/** An owner or admin approves or denies a member's pending token, with an optional note. */
export async function decideApproval(user: AccountUser, id: string, approve: boolean, note: string | undefined) {
  const token = await findTokenFor(user, id, { orgWide: true });
  if (token.approval !== "pending")
    throw new DomainError("conflict", `This token is ${token.approval}, not waiting for approval.`);
  return db().$transaction(async (tx) => {
    const decided = await tx.apiToken.updateMany({
      where: { id, approval: "pending" },
      data: { approval: approve ? "approved" : "denied", approvalNote: note ?? null, approvedById: user.id },
    });
    if (decided.count === 0) throw new DomainError("conflict", "Someone else decided on this token first.");
    await recordUserAction(tx, user, {
      action: approve ? "token.approved" : "token.denied",
      targetType: "api_token",
      targetId: id,
      metadata: { note: note ?? null, holder: token.userId },
    });
    return toTokenView(await tx.apiToken.findUniqueOrThrow({ where: { id }, include: WITH_HOLDER }));
  });
}
