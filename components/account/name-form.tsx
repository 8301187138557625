"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field, InlineForm } from "@/components/ui";
import { updateAccount } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";

/** The person's own name, as the header and their organizations' member lists show it. */
export function NameForm({ name }: { name: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const result = await callApi(updateAccount, {
      body: { name: String(new FormData(event.currentTarget).get("name") ?? "") },
    });
    if (!result.ok) return setError(result.fields?.name?.[0] ?? result.message);
    setError(null);
    setSaved(true);
    router.refresh(); // the header shows the name
  }

  return (
    <Card>
      <InlineForm label="Your name" onSubmit={onSubmit}>
        <Field
          label="Name"
          id="account-name"
          name="name"
          maxLength={100}
          defaultValue={name ?? ""}
          hint="Shown in the header and to your organizations; empty shows your e-mail address."
          className="min-w-64 flex-1"
        />
        <Button type="submit">Save name</Button>
      </InlineForm>
      {error && <Alert>{error}</Alert>}
      {saved && <p className="mt-2 text-sm text-slate-600">Saved.</p>}
    </Card>
  );
}
