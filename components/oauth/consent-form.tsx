"use client";

import { useState } from "react";
import { ShieldAlert } from "lucide-react";
import { request } from "@/lib/client/api";
import { ToolsField, toolNames } from "@/components/tokens/tools-field";
import { Alert, Button, Card } from "@/components/ui";

type Props = {
  ticket: string;
  client: { id: string; name: string; kind: "cimd" | "dcr"; logoUri: string | null; clientUri: string | null };
  redirectHost: string;
  firstTime: boolean;
  organization: string;
  /** The organization's MCP server the app asks to reach (and the tools a member may grant of it); null: Keyway's own tools. */
  resource: { name: string; url: string; memberTools: string[] | null } | null;
  userEmail: string;
  /** Every scope the user may grant, pre-ticked as the page suggests; `required` ones cannot be unticked. */
  scopes: {
    scope: string;
    description: string;
    permission: string;
    checked: boolean;
    required: boolean;
    /** The person declined it for this app before: unticked until they tick it. */
    declinedBefore: boolean;
  }[];
  /** How long what the app receives lasts, under the organization's policy. */
  lifetimes: { access: string; refreshIdle: string };
  refusedScopes: string[];
  /** Asked for, but the organization's token policy does not let this user grant them. */
  withheldScopes: string[];
};

/**
 * The consent page's form. It posts through fetch and then navigates, because the page's CSP
 * (`form-action 'self'`) would stop a plain form's redirect to the app's own address.
 */
export function ConsentForm({
  ticket,
  client,
  redirectHost,
  firstTime,
  organization,
  resource,
  userEmail,
  scopes,
  lifetimes,
  refusedScopes,
  withheldScopes,
}: Props) {
  const [chosen, setChosen] = useState(() => new Set(scopes.filter((item) => item.checked).map((item) => item.scope)));
  const [tools, setTools] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function decide(allow: boolean) {
    setBusy(true);
    setError(null);
    const named = toolNames(tools);
    // The OAuth server's own endpoint, not an operation of the REST API.
    const result = await request<{ redirectTo: string }>("/oauth/consent", {
      method: "POST",
      // No tools named: every tool the person may grant.
      body: { ticket, allow, scopes: [...chosen], ...(allow && named.length > 0 && { tools: named }) },
    });
    if (result.ok) {
      window.location.assign(result.data.redirectTo);
      return;
    }
    setBusy(false);
    setError(result.message);
  }

  const toggle = (scope: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });

  return (
    <Card className="flex flex-col gap-4">
      {/* The signed request, also in the markup so the decision can be made without this script. */}
      <input type="hidden" name="ticket" value={ticket} />
      <div className="flex items-center gap-3">
        {client.logoUri && (
          // eslint-disable-next-line @next/next/no-img-element -- a remote logo of unknown size
          <img src={client.logoUri} alt="" className="size-10 rounded" referrerPolicy="no-referrer" />
        )}
        <h1 className="text-lg font-semibold">
          <span data-testid="client-name">{client.name}</span> wants to use Keyway as you
        </h1>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">Signed in as</dt>
        <dd>{userEmail}</dd>
        <dt className="text-slate-500">Organization</dt>
        <dd data-testid="organization">{organization}</dd>
        {resource && (
          <>
            <dt className="text-slate-500">MCP server</dt>
            <dd className="break-words" data-testid="resource">
              {resource.name} <span className="font-mono text-xs text-slate-600">({resource.url})</span>
            </dd>
          </>
        )}
        <dt className="text-slate-500">Sends you back to</dt>
        <dd className="font-mono break-words" data-testid="redirect-host">
          {redirectHost}
        </dd>
        <dt className="text-slate-500">Client</dt>
        <dd className="break-words">
          {client.kind === "cimd" ? `${client.id} (metadata document)` : "registered itself with Keyway"}
        </dd>
      </dl>
      {(firstTime || client.kind === "dcr") && (
        <Alert tone="warning">
          <span className="flex gap-2">
            <ShieldAlert aria-hidden className="size-4 shrink-0" />
            <span data-testid="client-warning">
              {firstTime ? "You have not connected this app before. " : ""}
              {client.kind === "dcr"
                ? "It registered itself, so Keyway cannot confirm its name: connect it only if you started this from the app yourself."
                : `Its name comes from ${new URL(client.id).host}; connect it only if you trust that site.`}
            </span>
          </span>
        </Alert>
      )}
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">
          It will be able to (untick what you do not want to allow; it can ask again later):
        </legend>
        {scopes.map((item) => (
          <label key={item.scope} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              name="scope"
              value={item.scope}
              checked={item.required || chosen.has(item.scope)}
              disabled={item.required}
              onChange={(event) => toggle(item.scope, event.target.checked)}
            />
            <span>
              <span className="font-mono">{item.scope}</span> — {item.description}
              {item.required && (
                <span className="text-slate-500"> (needed for any use of Keyway&apos;s MCP server)</span>
              )}
              {item.declinedBefore && (
                <span className="text-slate-500" data-testid="declined-before">
                  {" "}
                  (you declined this for the app before)
                </span>
              )}
            </span>
          </label>
        ))}
        {withheldScopes.length > 0 && (
          <p className="text-xs text-slate-500" data-testid="withheld-scopes">
            Also asked for, not allowed by your organization&apos;s token policy:{" "}
            <span className="font-mono">{withheldScopes.join(" ")}</span>
          </p>
        )}
        {refusedScopes.length > 0 && (
          <p className="text-xs text-slate-500">
            Also asked for, never granted to apps: <span className="font-mono">{refusedScopes.join(" ")}</span>
          </p>
        )}
      </fieldset>
      {resource && (
        <ToolsField
          server={resource.name}
          holder="app"
          limit={resource.memberTools && { tools: resource.memberTools, who: "you" }}
          value={tools}
          onChange={(event) => setTools(event.target.value)}
        />
      )}
      <p className="text-xs text-slate-500" data-testid="lifetimes">
        Its access lasts {lifetimes.access} at a time and renews itself; the connection ends after{" "}
        {lifetimes.refreshIdle} without use. You can disconnect it at any time under API Tokens, Connected apps.
      </p>
      {error && <Alert>{error}</Alert>}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" disabled={busy} onClick={() => decide(false)}>
          Deny
        </Button>
        <Button disabled={busy} onClick={() => decide(true)}>
          Allow
        </Button>
      </div>
    </Card>
  );
}
