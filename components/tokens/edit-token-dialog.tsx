"use client";

import { AccessLevels } from "./access-levels";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Field } from "@/components/ui";
import { RateLimitField } from "./rate-limit-field";
import { updateToken } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import type { TokenListItem } from "@/lib/tokens/schemas";
import { levelsOf, RESOURCES, scopesForLevels, type Scope } from "@/lib/scopes";

type Props = { token: TokenListItem; onSaved: () => void; onCancel: () => void };

/**
 * Renames a token, narrows its scopes, changes its rate limit or client addresses: what PATCH
 * allows. The server applies the organization's policy, as for a new token, and says why it refuses.
 */
export function EditTokenDialog({ token, onSaved, onCancel }: Props) {
  const [name, setName] = useState(token.name);
  const [description, setDescription] = useState(token.description);
  const [rateLimit, setRateLimit] = useState(String(token.rateLimitPerHour));
  const [addresses, setAddresses] = useState(token.allowedAddresses.join(", "));
  const held = levelsOf(token.scopes);
  const [levels, setLevels] = useState(held);
  const keepsExecute = token.scopes.includes("execute:mcp");

  function changes() {
    const scopes: Scope[] = scopesForLevels(levels).filter((scope) => scope !== "execute:mcp" || keepsExecute);
    const narrowed = RESOURCES.some(({ id }) => levels[id] !== held[id]);
    const list = addresses.split(/[\s,]+/).filter(Boolean);
    return {
      ...(name.trim() !== token.name && { name: name.trim() }),
      ...(description.trim() !== token.description && { description: description.trim() }),
      ...(Number(rateLimit) !== token.rateLimitPerHour && { rateLimitPerHour: Number(rateLimit) }),
      ...(narrowed && { scopes }),
      ...(list.join(" ") !== token.allowedAddresses.join(" ") && { allowedAddresses: list }),
    };
  }

  return (
    <ConfirmDialog
      title={`Edit “${token.name}”`}
      confirmLabel="Save changes"
      tone="primary"
      wide
      action={() => callApi(updateToken, { params: { id: token.id }, body: changes() })}
      onDone={onSaved}
      onCancel={onCancel}
    >
      <div className="flex flex-col gap-3">
        <Field label="Name" name="edit-name" value={name} onChange={(event) => setName(event.target.value)} />
        <Field
          label="Description"
          name="edit-description"
          maxLength={500}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
        <RateLimitField name="edit-rate-limit" value={rateLimit} onChange={setRateLimit} />
        <div className="flex flex-col gap-1">
          <span className="text-sm font-medium text-slate-800">Access (can only narrow)</span>
          <AccessLevels name="edit-level" value={levels} onChange={setLevels} ceiling={held} />
        </div>
        <Field
          label="Allowed client addresses"
          name="edit-addresses"
          value={addresses}
          onChange={(event) => setAddresses(event.target.value)}
          placeholder="203.0.113.7, 2001:db8::/32"
          hint="IPv4 or IPv6 addresses and CIDR ranges. Empty: any address."
          className="font-mono"
        />
      </div>
    </ConfirmDialog>
  );
}
