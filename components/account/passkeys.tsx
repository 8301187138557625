"use client";

import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { useState, type FormEvent } from "react";
import { Button, Field, InlineForm } from "@/components/ui";
import type { SecondFactorStatus } from "@/lib/auth/schemas";
import { addPasskey, passkeyRegistrationOptions, removePasskey } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";

/** The user's passkeys (a second factor): add one from this device, or remove one. */
export function Passkeys({
  passkeys,
  onChange,
  onRecoveryCodes,
  onError,
}: {
  passkeys: SecondFactorStatus["passkeys"];
  onChange: () => void;
  onRecoveryCodes: (codes: string[]) => void;
  onError: (message: string | null) => void;
}) {
  const [pending, setPending] = useState(false);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const name = String(new FormData(element).get("name") ?? "").trim();
    setPending(true);
    try {
      const options = await callApi(passkeyRegistrationOptions);
      if (!options.ok) return onError(options.message);
      let response;
      try {
        // The API keeps WebAuthn's JSON opaque (SimpleWebAuthn checks it on each side).
        const optionsJSON = options.data.options as unknown as PublicKeyCredentialCreationOptionsJSON;
        response = { ...(await startRegistration({ optionsJSON })) };
      } catch {
        return onError("The passkey was not created (cancelled, or this device cannot make one).");
      }
      const added = await callApi(addPasskey, { body: { name, response, ticket: options.data.ticket } });
      if (!added.ok) return onError(added.message);
      onError(null);
      element.reset();
      if (added.data.recoveryCodes.length) onRecoveryCodes(added.data.recoveryCodes);
      onChange();
    } finally {
      setPending(false);
    }
  }

  async function remove(id: string) {
    const result = await callApi(removePasskey, { params: { id } });
    onError(result.ok ? null : result.message);
    onChange();
  }

  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold">Passkeys</h3>
      {passkeys.length === 0 && <p className="text-sm text-slate-500">No passkey yet.</p>}
      <ul aria-label="Passkeys" className="flex flex-col gap-1 text-sm">
        {passkeys.map((passkey) => (
          <li key={passkey.id} className="flex flex-wrap items-center justify-between gap-2">
            <span>{passkey.name}</span>
            <Button
              variant="secondary"
              onClick={() => remove(passkey.id)}
              aria-label={`Remove passkey ${passkey.name}`}
            >
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <InlineForm label="Add a passkey" onSubmit={add}>
        <Field
          id="passkey-name"
          label="Passkey name"
          name="name"
          required
          maxLength={100}
          placeholder="Work laptop"
          className="grow"
        />
        <Button type="submit" disabled={pending}>
          Add a passkey
        </Button>
      </InlineForm>
    </div>
  );
}
