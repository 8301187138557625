"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field } from "@/components/ui";
import { passkeySignInOptions } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";

export function SignInForm({
  callbackUrl,
  ssoError,
  notice,
}: {
  callbackUrl: string;
  ssoError: string | null;
  /** A fixed sentence the page chose (never text from the address). */
  notice: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [sso, setSso] = useState(ssoError !== null);
  // After a right password on an account with a second factor: the code step.
  const [needsCode, setNeedsCode] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await submit(new FormData(event.currentTarget));
  }

  /** The second step with a passkey instead of a code: the browser signs a challenge with one of this site's. */
  async function withPasskey(form: HTMLFormElement | null) {
    if (!form) return;
    setError(undefined);
    const options = await callApi(passkeySignInOptions);
    if (!options.ok) return setError(options.message);
    const { ticket } = options.data;
    // The API keeps WebAuthn's JSON opaque (SimpleWebAuthn checks it on each side).
    const optionsJSON = options.data.options as unknown as PublicKeyCredentialRequestOptionsJSON;
    let response;
    try {
      response = await startAuthentication({ optionsJSON });
    } catch {
      return setError("No passkey was used. Try again, or enter a code.");
    }
    await submit(new FormData(form), JSON.stringify({ response, ticket }));
  }

  async function submit(form: FormData, passkey?: string) {
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: String(form.get("email")),
      password: String(form.get("password")),
      code: passkey ? "" : String(form.get("code") ?? ""),
      passkey: passkey ?? "",
      redirect: false,
    });
    if (result?.ok) {
      router.push(callbackUrl);
      router.refresh();
      return;
    }
    setPending(false);
    if (result?.error?.startsWith("A second factor is required")) {
      setNeedsCode(true);
      return setError(undefined);
    }
    // The throttle's, single sign-on's and the code's messages say what to do; anything else stays
    // deliberately vague.
    const shown =
      result?.error?.startsWith("Too many") ||
      result?.error?.includes("single sign-on") ||
      (needsCode && (result?.error?.startsWith("The code") || result?.error?.startsWith("The passkey")));
    setError(shown ? result!.error! : "The email or password is incorrect.");
  }

  if (sso) {
    // A navigation rather than a form submission: the page's CSP (`form-action 'self'`) would stop
    // a form's redirect to the identity provider.
    const startSso = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = new FormData(event.currentTarget);
      const query = new URLSearchParams({ email: String(form.get("email") ?? ""), callbackUrl });
      window.location.assign(`/sso/start?${query}`);
    };
    return (
      <Card>
        <h1 className="mb-4 text-lg font-semibold">Sign in with SSO</h1>
        <form onSubmit={startSso} className="flex flex-col gap-4">
          <Field label="Work email" name="email" type="email" autoComplete="email" required />
          {ssoError && <Alert>{ssoError}</Alert>}
          <Button type="submit">Continue with your identity provider</Button>
        </form>
        <p className="mt-4 text-sm text-slate-600">
          <button type="button" className="font-medium text-indigo-700 underline" onClick={() => setSso(false)}>
            Sign in with a password
          </button>
        </p>
      </Card>
    );
  }

  return (
    <Card>
      <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        {notice && <Alert tone="success">{notice}</Alert>}
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        {needsCode && (
          <Field
            label="Authentication code"
            name="code"
            autoComplete="one-time-code"
            hint="From your authenticator app, or one of your recovery codes."
            autoFocus
          />
        )}
        {needsCode && (
          <Button
            variant="secondary"
            onClick={(event) => withPasskey((event.currentTarget as HTMLButtonElement).form)}
            disabled={pending}
          >
            Use a passkey
          </Button>
        )}
        {error && <Alert>{error}</Alert>}
        <Button type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <p className="mt-4 text-sm text-slate-600">
        <button type="button" className="font-medium text-indigo-700 underline" onClick={() => setSso(true)}>
          Use single sign-on (SSO)
        </button>
      </p>
      <p className="mt-2 text-sm text-slate-600">
        No account yet?{" "}
        <Link href="/signup" className="font-medium text-indigo-700 underline">
          Create one
        </Link>
      </p>
    </Card>
  );
}
