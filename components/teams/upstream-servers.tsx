"use client";

import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field, SelectField, bindFields, Section } from "@/components/ui";
import { listServers, registerServer, removeServer, updateServer } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";
import { calendarDate } from "@/lib/client/format";
import type { ServerView, UpstreamAuth } from "@/lib/upstream/schemas";

const AUTH_MODES: { mode: UpstreamAuth["mode"]; label: string }[] = [
  { mode: "identity", label: "Signed caller identity (recommended)" },
  { mode: "header", label: "A secret header" },
  { mode: "none", label: "Nothing (the server trusts its network)" },
];

function describeAuth(auth: ServerView["auth"]) {
  if (auth.mode === "identity") return "Keyway signs who is calling (verify with its JWK Set)";
  if (auth.mode === "header") return `Keyway sends a secret ${auth.header} header`;
  return "Keyway sends no credential";
}

/**
 * The organization's own MCP servers, served through Keyway: each at its own URL, behind the same
 * tokens, limits, usage and audit as Keyway's /mcp. Owners and admins register and remove them;
 * where they may be is the operator's to say (UPSTREAM_ALLOWED), and a refusal says so.
 */
export function UpstreamServers() {
  const loaded = useApiLoad(listServers, {});
  const { error, setError, reload } = loaded;
  const servers = loaded.data?.servers ?? [];
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const bind = bindFields("upstream", fields);
  const [mode, setMode] = useState<UpstreamAuth["mode"]>("identity");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const auth: UpstreamAuth =
      mode === "header"
        ? { mode, header: String(form.get("header") ?? "").trim(), value: String(form.get("secret") ?? "") }
        : { mode };
    const body = {
      name: String(form.get("name") ?? "").trim(),
      slug: String(form.get("slug") ?? "").trim(),
      url: String(form.get("url") ?? "").trim(),
      auth,
    };
    const result = await callApi(registerServer, { body });
    if (!result.ok) {
      setFields(result.fields ?? {});
      return setError(result.message);
    }
    setError(null);
    setFields({});
    element.reset();
    setMode("identity");
    reload();
  }

  async function saveMemberTools(server: ServerView, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const listed = String(new FormData(event.currentTarget).get("memberTools") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    const result = await callApi(updateServer, {
      params: { id: server.id },
      body: { memberTools: listed.length ? listed : null },
    });
    if (!result.ok) return setError(result.message);
    setError(null);
    reload();
  }

  async function remove(server: ServerView) {
    const result = await callApi(removeServer, { params: { id: server.id } });
    if (!result.ok) setError(result.message);
    reload();
  }

  return (
    <Section id="upstream-servers-heading" title="Your MCP servers">
      <p className="text-sm text-slate-600">
        MCP servers your team runs, reached through Keyway: clients connect to the server&apos;s Keyway URL with a token
        made for it, and the server never sees their token.
      </p>
      {error && <Alert>{error}</Alert>}
      {servers.length === 0 && <p className="text-sm text-slate-500">No MCP server registered yet.</p>}
      <ul className="flex flex-col gap-2">
        {servers.map((server) => (
          <li key={server.id} data-testid="upstream-server">
            <Card className="flex flex-wrap items-center justify-between gap-2">
              <div className="min-w-0">
                <p className="font-medium">{server.name}</p>
                <p className="break-all font-mono text-xs text-slate-600">{server.resource}</p>
                <p className="break-all text-xs text-slate-500">
                  forwards to {server.url} · registered {calendarDate(server.createdAt)}
                </p>
                <p className="text-xs text-slate-500">{describeAuth(server.auth)}</p>
                <form
                  onSubmit={(event) => saveMemberTools(server, event)}
                  aria-label={`Tools members of the organization may grant for ${server.name}`}
                  className="mt-2 flex flex-wrap items-end gap-2"
                >
                  <Field
                    id={`member-tools-${server.id}`}
                    label="Tools members may grant"
                    name="memberTools"
                    defaultValue={server.memberTools?.join(", ") ?? ""}
                    placeholder="any"
                    hint="Separated by commas; empty: any. Members' tokens for it are narrowed at once."
                  />
                  <Button type="submit" variant="secondary">
                    Save
                  </Button>
                </form>
              </div>
              <Button variant="danger" onClick={() => remove(server)} aria-label={`Remove ${server.name}`}>
                Remove
              </Button>
            </Card>
          </li>
        ))}
      </ul>
      <form onSubmit={onSubmit} aria-label="Register an MCP server" className="grid gap-2 sm:grid-cols-3">
        <Field label="Server name" {...bind("name")} required maxLength={100} />
        <Field label="Slug" {...bind("slug")} required maxLength={40} hint="Its path at Keyway: /mcp/servers/slug" />
        <Field label="Server URL" {...bind("url")} type="url" required />
        <SelectField
          id="upstream-auth"
          label="How Keyway authenticates to it"
          className="sm:col-span-3"
          value={mode}
          onChange={(event) => setMode(event.target.value as UpstreamAuth["mode"])}
          options={AUTH_MODES.map((option) => ({ value: option.mode, label: option.label }))}
          hint={
            mode === "identity"
              ? "A short-lived JWT naming the caller, signed by Keyway: the server verifies it with Keyway's public keys (/.well-known/jwks.json) and needs no secret."
              : mode === "header"
                ? "Sent on every request; stored sealed and never shown again."
                : "Only for a server no one else can reach."
          }
        />
        {mode === "header" && (
          <>
            <Field label="Header name" {...bind("header", "auth.header")} required placeholder="X-Api-Key" />
            <Field label="Header value" {...bind("secret", "auth.value")} type="password" required autoComplete="off" />
          </>
        )}
        <div className="sm:col-span-3">
          <Button type="submit">Register server</Button>
        </div>
      </form>
    </Section>
  );
}
