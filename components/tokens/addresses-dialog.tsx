"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { tokensApi } from "@/lib/client/tokens-api";
import type { TokenListItem } from "@/lib/tokens/schemas";

type Props = { token: TokenListItem; onSaved: () => void; onCancel: () => void };

/** Changes where a token may be used from (empty: anywhere); the server checks each entry. */
export function AddressesDialog({ token, onSaved, onCancel }: Props) {
  const [value, setValue] = useState(token.allowedAddresses.join(", "));
  return (
    <ConfirmDialog
      title={`Client addresses for “${token.name}”`}
      confirmLabel="Save addresses"
      tone="primary"
      action={() => tokensApi.update(token.id, { allowedAddresses: value.split(/[\s,]+/).filter(Boolean) })}
      onDone={onSaved}
      onCancel={onCancel}
    >
      <label className="flex flex-col gap-1 text-sm">
        Allowed client addresses
        <input
          value={value}
          onChange={(event) => setValue(event.target.value)}
          placeholder="203.0.113.7, 2001:db8::/32"
          className="rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm"
        />
        <span className="text-xs text-slate-500">IPv4 or IPv6 addresses and CIDR ranges. Empty: any address.</span>
      </label>
    </ConfirmDialog>
  );
}
