"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field } from "@/components/ui";
import { signUp } from "@/lib/api/operations";
import { callApi, type ApiFailure } from "@/lib/client/api";

export function SignUpForm({
  callbackUrl = "/tokens",
  invitation,
  invited,
}: {
  callbackUrl?: string;
  invitation?: string;
  /** Whom the invitation is for, and where to. */
  invited?: { email: string; organization: string };
}) {
  const router = useRouter();
  const [failure, setFailure] = useState<ApiFailure>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email"));
    const password = String(form.get("password"));
    const optional = (key: string) => String(form.get(key) ?? "").trim() || undefined;
    setPending(true);
    setFailure(undefined);
    // The page uses the same endpoint the API documents, then signs in with the new credentials.
    const result = await callApi(signUp, {
      body: { email, password, name: optional("name"), organization: optional("organization"), invitation },
    });
    if (!result.ok) {
      setPending(false);
      setFailure(result);
      return;
    }
    await signIn("credentials", { email, password, redirect: false });
    router.push(callbackUrl);
    router.refresh();
  }

  const fieldError = (name: string) => failure?.fields?.[name]?.[0];
  return (
    <Card>
      <h1 className="mb-4 text-lg font-semibold">
        {invited ? `Create your account to join ${invited.organization}` : "Create your account"}
      </h1>
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <Field label="Name" name="name" autoComplete="name" error={fieldError("name")} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={invited?.email}
          error={fieldError("email")}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters."
          error={fieldError("password")}
        />
        {!invitation && (
          <Field
            label="Organization"
            name="organization"
            hint="Optional; named after you if left empty."
            error={fieldError("organization")}
          />
        )}
        {failure && !failure.fields && <Alert>{failure.message}</Alert>}
        <Button type="submit" disabled={pending}>
          {pending ? "Creating account…" : "Create account"}
        </Button>
      </form>
      <p className="mt-4 text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/signin" className="font-medium text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </Card>
  );
}
