"use client";

import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field, bindFields } from "@/components/ui";
import { getSso, proveSsoDomain, removeSso, setSso as saveSso } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";

/**
 * Single sign-on through the organization's identity provider: owners set it up (the provider
 * must answer before anything is saved), admins read it. The client secret is never shown again;
 * left empty on a change, the stored one is kept.
 */
export function SingleSignOn({ editable }: { editable: boolean }) {
  const { data: sso, setData: setSso, error, setError } = useApiLoad(getSso, {});
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const secret = String(form.get("clientSecret") ?? "");
    const body = {
      issuer: String(form.get("issuer") ?? "").trim(),
      clientId: String(form.get("clientId") ?? "").trim(),
      ...(secret && { clientSecret: secret }),
      domains: String(form.get("domains") ?? "")
        .split(/[\s,]+/)
        .filter(Boolean),
      newPeople: form.get("newPeople") === "refuse" ? ("refuse" as const) : ("member" as const),
      required: form.get("required") === "on",
    };
    setSaved(false);
    const result = await callApi(saveSso, { body });
    if (!result.ok) {
      setFields(result.fields ?? {});
      return setError(result.message);
    }
    setError(null);
    setFields({});
    setSso(result.data);
    setSaved(true);
    // Sent once: the secret does not stay on the page.
    (element.elements.namedItem("clientSecret") as HTMLInputElement).value = "";
  }

  async function prove(domain: string) {
    const result = await callApi(proveSsoDomain, { params: { domain } });
    if (!result.ok) return setError(result.message);
    setError(null);
    setSso(result.data);
  }

  async function remove() {
    const result = await callApi(removeSso);
    if (!result.ok) return setError(result.message);
    setSso(result.data);
    setSaved(false);
  }

  if (!sso) return error ? <Alert>{error}</Alert> : null;
  const bind = bindFields("sso", fields);
  return (
    <Card>
      <form onSubmit={onSubmit} aria-label="Single sign-on" className="flex flex-col gap-3">
        <h2 id="sso-heading" className="text-base font-semibold">
          Single sign-on
        </h2>
        <p className="text-sm text-slate-600">
          People from your e-mail domains sign in through your identity provider (OpenID Connect: Okta, Entra ID, Google
          Workspace, Keycloak). Register this redirect URI with it:{" "}
          <code className="rounded bg-slate-100 px-1 font-mono text-xs" data-testid="sso-callback-url">
            {sso.callbackUrl}
          </code>
        </p>
        <fieldset disabled={!editable} className="flex flex-col gap-3">
          <Field label="Issuer" {...bind("issuer")} type="url" defaultValue={sso.issuer ?? ""} required />
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Client ID" {...bind("clientId")} defaultValue={sso.clientId ?? ""} required />
            <Field
              label="Client secret"
              {...bind("clientSecret")}
              type="password"
              autoComplete="off"
              hint={sso.configured ? "Stored and never shown again; leave empty to keep it." : undefined}
            />
          </div>
          <Field
            label="E-mail domains"
            id="sso-domains"
            name="domains"
            defaultValue={sso.domains.map((d) => d.domain).join(", ")}
            error={fields.domains?.[0] ?? Object.entries(fields).find(([key]) => key.startsWith("domains."))?.[1][0]}
            hint="The domains this provider speaks for, separated by commas. Each admits people once you prove it with a DNS record; public mail domains cannot be claimed."
            required
          />
          {sso.domains.length > 0 && (
            <ul aria-label="Domain proofs" className="flex flex-col gap-2 text-sm">
              {sso.domains.map((d) => (
                <li key={d.domain} data-testid="sso-domain" className="rounded border border-slate-200 p-2">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{d.domain}</span>
                    <span className={d.status === "proven" ? "text-green-700" : "text-amber-700"}>
                      {d.status === "proven" ? "proven" : "not proven: admits no one yet"}
                    </span>
                    {d.status === "unproven" && editable && (
                      <Button variant="secondary" onClick={() => prove(d.domain)}>
                        Check DNS record for {d.domain}
                      </Button>
                    )}
                  </div>
                  {d.status === "unproven" && (
                    <p className="mt-1 text-slate-600">
                      Publish this TXT record at <code className="font-mono text-xs">{d.record.name}</code>:{" "}
                      <code className="break-all font-mono text-xs" data-testid="sso-domain-record">
                        {d.record.value}
                      </code>
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
          <fieldset className="flex flex-col gap-1 text-sm">
            <legend className="font-medium text-slate-800">Someone from these domains with no account yet</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="newPeople" value="member" defaultChecked={sso.newPeople === "member"} />
              joins the organization as a member at their first sign-in
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="newPeople" value="refuse" defaultChecked={sso.newPeople === "refuse"} />
              is refused (people join by invitation only)
            </label>
          </fieldset>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="required" defaultChecked={sso.required} />
            Require single sign-on: members&apos; password sign-ins no longer reach this organization, from their next
            request (owners keep theirs, to recover if the provider fails)
          </label>
        </fieldset>
        {error && <Alert>{error}</Alert>}
        {saved && <Alert tone="success">Single sign-on is set up.</Alert>}
        {editable && (
          <div className="flex flex-wrap gap-2">
            <Button type="submit">{sso.configured ? "Save single sign-on" : "Set up single sign-on"}</Button>
            {sso.configured && (
              <Button variant="secondary" onClick={remove}>
                Remove single sign-on
              </Button>
            )}
          </div>
        )}
      </form>
    </Card>
  );
}
