"use client";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { revokeToken } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import type { TokenListItem } from "@/lib/tokens/schemas";

type Props = { token: TokenListItem; onRevoked: () => void; onCancel: () => void };

export function RevokeDialog({ token, onRevoked, onCancel }: Props) {
  return (
    <ConfirmDialog
      title={`Revoke “${token.name}”?`}
      confirmLabel="Revoke token"
      tone="danger"
      action={() => callApi(revokeToken, { params: { id: token.id } })}
      onDone={onRevoked}
      onCancel={onCancel}
    >
      Every client using this token stops working on its next request. This cannot be undone.
    </ConfirmDialog>
  );
}
