"use client";

import { signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field, bindFields } from "@/components/ui";
import { changePassword } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";

/**
 * A new password, proven with the current one. Every session ends with it, this one included, so
 * the person signs in again with the new password.
 */
export function PasswordForm() {
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const bind = bindFields("password", fields);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await callApi(changePassword, {
      body: {
        currentPassword: String(form.get("currentPassword") ?? ""),
        newPassword: String(form.get("newPassword") ?? ""),
      },
    });
    if (!result.ok) {
      setPending(false);
      setFields(result.fields ?? {});
      return setError(result.fields ? null : result.message);
    }
    await signOut({ callbackUrl: "/signin?changed=password" });
  }

  return (
    <Card>
      <form onSubmit={onSubmit} aria-label="Change your password" className="flex flex-col gap-3" noValidate>
        <h2 className="text-base font-semibold">Password</h2>
        <p className="text-sm text-slate-600">
          Changing it signs you out everywhere, here included, and ends your user access tokens.
        </p>
        <Field
          label="Current password"
          {...bind("currentPassword")}
          type="password"
          autoComplete="current-password"
          required
        />
        <Field
          label="New password"
          {...bind("newPassword")}
          type="password"
          autoComplete="new-password"
          minLength={8}
          hint="At least 8 characters."
          required
        />
        {error && <Alert>{error}</Alert>}
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Changing…" : "Change password"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
