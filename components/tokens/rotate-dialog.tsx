"use client";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { tokensApi } from "@/lib/client/tokens-api";
import type { TokenListItem, TokenWithSecret } from "@/lib/tokens/schemas";

type Props = { token: TokenListItem; onRotated: (successor: TokenWithSecret) => void; onCancel: () => void };

export function RotateDialog({ token, onRotated, onCancel }: Props) {
  return (
    <ConfirmDialog
      title={`Rotate “${token.name}”?`}
      confirmLabel="Rotate token"
      tone="primary"
      action={() => tokensApi.rotate(token.id)}
      onDone={onRotated}
      onCancel={onCancel}
    >
      You get a new secret with the same name, scopes and rate limit. The current secret stops working immediately.
    </ConfirmDialog>
  );
}
