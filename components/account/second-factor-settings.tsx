"use client";

import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field, Section, InlineForm } from "@/components/ui";
import { confirmTotp, getSecondFactor, removeTotp, startTotp } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";
import { CopyButton } from "@/components/copy-button";
import { DownloadButton } from "@/components/download-button";
import { QrCode } from "@/components/qr-code";
import { Passkeys } from "./passkeys";

/**
 * Two-factor sign-in: set up an authenticator app (scan or type the secret, confirm with a first
 * code), keep the recovery codes shown once, or remove the app with a current code.
 */
export function SecondFactorSettings() {
  const { data: status, setData: setStatus, error, setError, reload } = useApiLoad(getSecondFactor, {});
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string } | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  async function start() {
    const result = await callApi(startTotp);
    if (!result.ok) return setError(result.message);
    setError(null);
    setEnrolment(result.data);
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    const result = await callApi(confirmTotp, { body: { code } });
    if (!result.ok) return setError(result.message);
    setError(null);
    setEnrolment(null);
    if (result.data.recoveryCodes.length) setRecoveryCodes(result.data.recoveryCodes);
    reload();
  }

  async function remove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    const result = await callApi(removeTotp, { body: { code } });
    if (!result.ok) return setError(result.message);
    setError(null);
    setStatus(result.data);
  }

  if (!status) return error ? <Alert>{error}</Alert> : null;
  return (
    <Card>
      <Section id="second-factor-heading" title="Two-factor sign-in" gap={3}>
        {status.required && status.totp !== "on" && status.passkeys.length === 0 && (
          <Alert tone="warning">
            Your organization requires a second factor. Set up an authenticator app or add a passkey to use Keyway.
          </Alert>
        )}
        {error && <Alert>{error}</Alert>}
        {recoveryCodes && (
          <Alert tone="success">
            <p className="font-medium">
              Two-factor sign-in is on. Save these recovery codes now: they are not shown again.
            </p>
            <p className="text-xs">Each signs you in once if you lose your authenticator app or passkeys.</p>
            <ul aria-label="Recovery codes" className="mt-2 grid grid-cols-2 gap-1 font-mono text-sm">
              {recoveryCodes.map((code) => (
                <li key={code}>{code}</li>
              ))}
            </ul>
            <div className="mt-2 flex gap-2">
              <CopyButton text={recoveryCodes.join("\n")} label="Copy the recovery codes" />
              <DownloadButton
                text={`Keyway recovery codes (each works once)\n\n${recoveryCodes.join("\n")}\n`}
                filename="keyway-recovery-codes.txt"
                label="Download the recovery codes"
              />
            </div>
          </Alert>
        )}
        {status.totp === "on" ? (
          <>
            <p className="text-sm text-slate-600">
              An authenticator app is set up. Recovery codes left: {status.recoveryCodesLeft}.
            </p>
            <InlineForm label="Remove the authenticator app" onSubmit={remove}>
              <Field
                id="totp-remove-code"
                label="Current code or a recovery code"
                name="code"
                autoComplete="one-time-code"
                required
              />
              <Button type="submit" variant="secondary">
                Remove authenticator app
              </Button>
            </InlineForm>
          </>
        ) : enrolment ? (
          <form onSubmit={confirm} aria-label="Confirm the authenticator app" className="flex flex-col gap-3">
            <p className="text-sm text-slate-600">
              Scan this code with your authenticator app, or type the key under it (or open the{" "}
              <a href={enrolment.uri} className="text-indigo-700 underline">
                setup link
              </a>{" "}
              on this device), then enter the code it shows.
            </p>
            <QrCode value={enrolment.uri} label="QR code for your authenticator app" />
            <code className="rounded bg-slate-100 px-2 py-1 font-mono text-sm" data-testid="totp-secret">
              {enrolment.secret}
            </code>
            <Field
              id="totp-confirm-code"
              label="Code from the app"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
            />
            <div>
              <Button type="submit">Turn on two-factor sign-in</Button>
            </div>
          </form>
        ) : (
          <div className="flex flex-col items-start gap-2">
            <p className="text-sm text-slate-600">
              Sign in with a code from an authenticator app as well as your password.
            </p>
            <Button onClick={start}>Set up authenticator app</Button>
          </div>
        )}
        <Passkeys passkeys={status.passkeys} onChange={reload} onRecoveryCodes={setRecoveryCodes} onError={setError} />
      </Section>
    </Card>
  );
}
