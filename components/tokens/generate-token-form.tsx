"use client";

import { useEffect, useState, type FormEvent } from "react";
import { Alert, Button, Field, cx } from "@/components/ui";
import { apiFetch } from "@/lib/client/api";
import { tokensApi } from "@/lib/client/tokens-api";
import { DEFAULT_RATE_LIMIT_PER_HOUR, createTokenSchema, type TokenWithSecret } from "@/lib/tokens/schemas";
import { expandScopes, SCOPE_INFO, SCOPES, type Scope } from "@/lib/tokens/scopes";

const PRESETS = [7, 30, 90, 365] as const;

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]) {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

/** The form validates with the server's own schema, then lets the server have the last word. */
export function GenerateTokenForm({ onIssued }: { onIssued: (token: TokenWithSecret) => void }) {
  const [scopes, setScopes] = useState<Set<Scope>>(new Set(["execute:mcp", "read:tasks"]));
  const [preset, setPreset] = useState<string>("30");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [approvalForWrite, setApprovalForWrite] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    apiFetch<{ approvalForWrite: boolean }>("/api/v2/organization/policy", { signal: controller.signal })
      .then((result) => result.ok && setApprovalForWrite(result.data.approvalForWrite))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  // What the chosen scopes include beyond themselves (write:X includes read:X), as the server decides it.
  const implied = new Set(expandScopes(scopes).filter((scope) => !scopes.has(scope)));

  function toggle(scope: Scope) {
    const next = new Set(scopes);
    if (next.has(scope)) next.delete(scope);
    else next.add(scope);
    setScopes(next);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const candidate = {
      name: String(form.get("name") ?? ""),
      scopes: [...scopes],
      expiresInDays: Number(preset === "custom" ? form.get("customDays") : preset),
      rateLimitPerHour: Number(form.get("rateLimitPerHour")),
      allowedAddresses: String(form.get("allowedAddresses") ?? "")
        .split(/[\s,]+/)
        .filter(Boolean),
      approvalReason: String(form.get("approvalReason") ?? "").trim() || undefined,
    };
    const parsed = createTokenSchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setPending(true);
    const result = await tokensApi.create(parsed.data);
    setPending(false);
    if (!result.ok) {
      const fromServer = Object.fromEntries(
        Object.entries(result.fields ?? {}).map(([k, v]) => [k.split(".")[0]!, v[0]!]),
      );
      setErrors({ ...fromServer, form: result.message });
      return;
    }
    formElement.reset();
    setPreset("30");
    onIssued(result.data);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label="Generate token">
      <Field
        label="Name"
        name="name"
        required
        maxLength={100}
        placeholder="e.g. Cursor on my laptop"
        hint="So you can tell your tokens apart."
        error={errors.name}
      />

      <fieldset className="flex flex-col gap-2" aria-describedby={errors.scopes ? "scopes-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        <p className="text-xs text-slate-500">
          Write scopes include read. Every token also has <code>mcp:access</code>.
        </p>
        <div className="grid gap-2 sm:grid-cols-2">
          {SCOPES.map((scope) => {
            const checked = scopes.has(scope) || implied.has(scope);
            return (
              <label
                key={scope}
                className={cx(
                  "flex cursor-pointer gap-3 rounded-md border p-3 text-sm",
                  checked ? "border-indigo-300 bg-indigo-50/50" : "border-slate-200 bg-white",
                )}
              >
                <input
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  checked={checked}
                  disabled={implied.has(scope)}
                  onChange={() => toggle(scope)}
                  className="mt-0.5 size-4 accent-indigo-600"
                />
                <span className="flex flex-col">
                  <code className="font-medium">{scope}</code>
                  <span className="text-slate-600">{SCOPE_INFO[scope].description}</span>
                  <span className="text-xs text-slate-500">
                    Grants {SCOPE_INFO[scope].permission}
                    {implied.has(scope) && ` · included in ${scope.replace("read:", "write:")}`}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
        {errors.scopes && (
          <p id="scopes-error" className="text-xs text-red-600">
            {errors.scopes}
          </p>
        )}
      </fieldset>

      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium text-slate-800">Expiry</legend>
        <div className="flex flex-wrap gap-2">
          {[...PRESETS.map(String), "custom"].map((value) => (
            <label
              key={value}
              className={cx(
                "flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm",
                preset === value ? "border-indigo-300 bg-indigo-50" : "border-slate-200 bg-white",
              )}
            >
              <input
                type="radio"
                name="expiryPreset"
                value={value}
                checked={preset === value}
                onChange={() => setPreset(value)}
                className="accent-indigo-600"
              />
              {value === "custom" ? "Custom" : `${value} days`}
            </label>
          ))}
        </div>
        {preset === "custom" && (
          <Field
            label="Days until expiry"
            name="customDays"
            type="number"
            min={1}
            max={365}
            defaultValue={60}
            hint="From 1 to 365."
            error={errors.expiresInDays}
            className="max-w-48"
          />
        )}
        {preset !== "custom" && errors.expiresInDays && <p className="text-xs text-red-600">{errors.expiresInDays}</p>}
      </fieldset>

      <Field
        label="Rate limit (requests per hour)"
        name="rateLimitPerHour"
        type="number"
        min={1}
        max={100000}
        defaultValue={DEFAULT_RATE_LIMIT_PER_HOUR}
        hint="From 1 to 100,000. Requests over it get 429 until the hour is up."
        error={errors.rateLimitPerHour}
        className="max-w-xs"
      />

      <Field
        label="Allowed client addresses (optional)"
        name="allowedAddresses"
        placeholder="203.0.113.7, 2001:db8::/32"
        hint="IPv4 or IPv6 addresses and CIDR ranges, separated by commas or spaces. Leave empty to allow any address."
        error={errors.allowedAddresses}
      />

      {approvalForWrite && [...scopes].some((scope) => scope.startsWith("write:")) && (
        <Field
          label="Why do you need it? (for approval)"
          name="approvalReason"
          maxLength={500}
          hint="Your organization's owners or admins approve members' tokens with write scopes; until then /mcp refuses it."
          error={errors.approvalReason}
        />
      )}

      {errors.form && <Alert>{errors.form}</Alert>}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Generating…" : "Generate token"}
        </Button>
      </div>
    </form>
  );
}
