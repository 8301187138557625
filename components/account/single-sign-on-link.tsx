"use client";

import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field } from "@/components/ui";
import { linkSso } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";

/**
 * Links this account to an organization's single sign-on, so its identity provider signs the
 * person in there. Only from a sign-in with their own password: a provider never links itself
 * to an account. `refusal` is the sentence of a link that came back refused.
 */
export function SingleSignOnLink({ linked, refusal }: { linked: boolean; refusal: string | null }) {
  const [error, setError] = useState<string | null>(refusal);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    const result = await callApi(linkSso, { body: { email } });
    if (!result.ok) return setError(result.message);
    // A navigation, not a form post: the page's CSP keeps forms on Keyway.
    window.location.assign(result.data.redirectTo);
  }

  return (
    <Card>
      <form onSubmit={onSubmit} aria-label="Link single sign-on" className="flex flex-col gap-3">
        <h2 className="text-base font-semibold">Single sign-on</h2>
        <p className="text-sm text-slate-600">
          Your work organization signs people in through its identity provider? Link this account to it: you sign in
          there once, and from then on its single sign-on opens this account in that organization (your other
          organizations still ask for your password).
        </p>
        {linked && <Alert tone="success">Your account is linked to your organization&apos;s single sign-on.</Alert>}
        <Field label="Work e-mail" id="sso-link-email" name="email" type="email" autoComplete="email" required />
        {error && <Alert>{error}</Alert>}
        <div>
          <Button type="submit">Link with your identity provider</Button>
        </div>
      </form>
    </Card>
  );
}
