"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { SelectField } from "@/components/ui";
import { rotateToken } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import type { RotationOverlap, TokenListItem, TokenWithSecret } from "@/lib/tokens/schemas";

type Props = { token: TokenListItem; onRotated: (successor: TokenWithSecret) => void; onCancel: () => void };

const OVERLAPS: { value: RotationOverlap; label: string }[] = [
  { value: "none", label: "Stop the old secret now" },
  { value: "1h", label: "Keep the old secret working for 1 hour" },
  { value: "1d", label: "Keep the old secret working for 1 day" },
  { value: "7d", label: "Keep the old secret working for 7 days" },
];

/** Rotation, at once or with an overlap so a deployment can pick up the new secret first. */
export function RotateDialog({ token, onRotated, onCancel }: Props) {
  const [overlap, setOverlap] = useState<RotationOverlap>("none");
  return (
    <ConfirmDialog
      title={`Rotate “${token.name}”?`}
      confirmLabel="Rotate token"
      tone="primary"
      action={() => callApi(rotateToken, { params: { id: token.id }, body: { overlap } })}
      onDone={onRotated}
      onCancel={onCancel}
    >
      <div className="flex flex-col gap-3">
        <p>You get a new secret with the same name, scopes and rate limit.</p>
        <SelectField
          id="rotate-overlap"
          label="The old secret"
          value={overlap}
          onChange={(event) => setOverlap(event.target.value as RotationOverlap)}
          options={OVERLAPS}
          hint="Never past its own expiry; revoke either secret at any time and it stops at once."
        />
      </div>
    </ConfirmDialog>
  );
}
