"use client";

import { AccessLevels, NO_ACCESS, type Levels } from "./access-levels";
import { useEffect, useState, type FormEvent } from "react";
import { Alert, Button, Field, cx, SelectField } from "@/components/ui";
import { asSentence } from "@/lib/client/format";
import { RateLimitField } from "./rate-limit-field";
import { ToolsField, toolNames } from "./tools-field";
import { createToken, getPolicy, listServers } from "@/lib/api/operations";
import { callApi, type ApiResult } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";
import {
  DEFAULT_RATE_LIMIT_PER_HOUR,
  MAX_RATE_LIMIT_PER_HOUR,
  createTokenSchema,
  type CreateTokenInput,
  type TokenPolicy,
  type TokenWithSecret,
} from "@/lib/tokens/schemas";
import { grantableScopes, needsApproval, policyProblems } from "@/lib/tokens/policy-rules";
import type { Role } from "@/lib/auth/roles";
import { levelOf, levelsOf, RESOURCES, SCOPE_INFO, scopesForLevels, type Scope } from "@/lib/scopes";
import { calendarDate, inDays } from "@/lib/client/format";

const PRESETS = [7, 30, 90, 365] as const;
/** The fields the form shows an error under; any other field's error is said above the button. */
const SHOWN = new Set([
  "name",
  "description",
  "tools",
  "scopes",
  "expiresInDays",
  "rateLimitPerHour",
  "allowedAddresses",
  "approvalReason",
]);

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]) {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

/** The policy's limits in words, for a member or for anyone (null when nothing is limited). */
function policyNote(policy: TokenPolicy, role: Role): string | null {
  const grantable = grantableScopes(policy, role);
  const parts = [
    policy.maxExpiryDays !== null && `at most ${policy.maxExpiryDays} days`,
    policy.maxRateLimitPerHour !== null &&
      `at most ${policy.maxRateLimitPerHour.toLocaleString("en")} requests per hour`,
    grantable !== null && `only the scopes ${grantable.join(", ")}`,
    policy.requireAllowedAddresses && "the client addresses it may be used from",
  ].filter(Boolean);
  return parts.length ? `Your organization's token policy allows ${parts.join(", ")}.` : null;
}

/**
 * The form validates with the server's own schema and the organization's policy (the same rules
 * the server applies), offers only what the policy allows, then lets the server have the last
 * word. It starts clean every time (least privilege): `execute:mcp` and nothing else until chosen.
 */
export function GenerateTokenForm({
  onIssued,
  create = (body) => callApi(createToken, { body }),
  label = "Generate token",
  role,
  onCancel,
}: {
  onIssued: (token: TokenWithSecret) => void;
  /** Where the token is made: the user's own by default, or a service account's. */
  create?: (input: CreateTokenInput) => Promise<ApiResult<TokenWithSecret>>;
  label?: string;
  /** The role the policy judges the token by: the person's own, or a member's for a service account. */
  role: Role;
  /** In a dialog: a way out without making anything. */
  onCancel?: () => void;
}) {
  const [levels, setLevels] = useState<Levels>(NO_ACCESS);
  const [preset, setPreset] = useState<string>("30");
  const [customDays, setCustomDays] = useState("60");
  const [rateLimit, setRateLimit] = useState(String(DEFAULT_RATE_LIMIT_PER_HOUR));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const policy = useApiLoad(getPolicy, {}).data;
  const maxDays = policy?.maxExpiryDays ?? 365;
  const maxRate = policy?.maxRateLimitPerHour ?? MAX_RATE_LIMIT_PER_HOUR;
  const grantable = policy ? grantableScopes(policy, role) : null;
  const ceiling = grantable ? levelsOf(grantable) : undefined;
  const presets = PRESETS.filter((value) => value <= maxDays);
  // The policy arrives after the form: what is chosen moves within it (never past it).
  useEffect(() => {
    const longest = PRESETS.filter((value) => value <= maxDays).at(-1);
    setPreset((chosen) =>
      chosen === "custom" || Number(chosen) <= maxDays ? chosen : longest ? String(longest) : "custom",
    );
    setCustomDays((chosen) => (Number(chosen) > maxDays ? String(maxDays) : chosen));
    setRateLimit((chosen) => (Number(chosen) > maxRate ? String(maxRate) : chosen));
  }, [maxDays, maxRate]);
  const servers = useApiLoad(listServers, {}).data?.servers ?? [];
  const [serverSlug, setServerSlug] = useState("");
  const chosenServer = servers.find((server) => server.slug === serverSlug);

  const scopes = scopesForLevels(levels);
  const days = Number(preset === "custom" ? customDays : preset);
  const approval = policy ? needsApproval(policy, role, scopes) : false;
  const note = policy && policyNote(policy, role);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const candidate = {
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? "").trim(),
      scopes,
      expiresInDays: days,
      rateLimitPerHour: Number(rateLimit),
      allowedAddresses: String(form.get("allowedAddresses") ?? "")
        .split(/[\s,]+/)
        .filter(Boolean),
      approvalReason: String(form.get("approvalReason") ?? "").trim() || undefined,
      server: serverSlug || undefined,
      tools: serverSlug ? toolNames(String(form.get("tools") ?? "")) : [],
    };
    // No tools named: every tool the holder may grant.
    if (candidate.tools.length === 0) delete (candidate as { tools?: string[] }).tools;
    // Every problem at once: the schema's and the policy's, each under its field.
    const parsed = createTokenSchema.safeParse(candidate);
    const problems = {
      ...(policy &&
        policyProblems(policy, role, {
          scopes,
          expiresInDays: days,
          rateLimitPerHour: Number(rateLimit),
          allowedAddresses: candidate.allowedAddresses,
        })),
      ...(parsed.success ? {} : fieldErrors(parsed.error.issues)),
    };
    if (!parsed.success || Object.keys(problems).length > 0) {
      setErrors(problems);
      return;
    }
    setErrors({});
    setPending(true);
    const result = await create(parsed.data);
    setPending(false);
    if (!result.ok) {
      const fromServer = Object.fromEntries(
        Object.entries(result.fields ?? {}).map(([k, v]) => [k.split(".")[0]!, v[0]!]),
      );
      // The message above the button only for what no field shows (it would say the same twice).
      const unshown = Object.keys(fromServer).length === 0 || Object.keys(fromServer).some((key) => !SHOWN.has(key));
      setErrors({ ...fromServer, ...(unshown && { form: result.message }) });
      return;
    }
    // The next token starts from nothing again, whatever this one had.
    formElement.reset();
    setServerSlug("");
    setLevels(NO_ACCESS);
    setPreset("30");
    setCustomDays("60");
    setRateLimit(String(DEFAULT_RATE_LIMIT_PER_HOUR));
    onIssued(result.data);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label={label}>
      {note && (
        <p role="note" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
          {note}
        </p>
      )}
      <Field
        label="Name"
        name="name"
        required
        maxLength={100}
        placeholder="e.g. Cursor on my laptop"
        hint="So you can tell your tokens apart."
        error={errors.name}
      />
      <Field
        label="Description (optional)"
        name="description"
        maxLength={500}
        placeholder="e.g. The triage agent in the nightly CI job"
        hint="What it is for, for whoever looks at it later."
        error={errors.description}
      />

      {servers.length > 0 && (
        <SelectField
          id="token-server"
          name="server"
          label="For"
          value={serverSlug}
          onChange={(event) => setServerSlug(event.target.value)}
          options={[
            { value: "", label: "Keyway's own MCP endpoint (/mcp)" },
            ...servers.map((server) => ({ value: server.slug, label: `${server.name} (${server.resource})` })),
          ]}
          hint="A token reaches one MCP server: Keyway's own, or one of your organization's."
        />
      )}
      {chosenServer && (
        <ToolsField
          server={chosenServer.name}
          holder="token"
          limit={chosenServer.memberTools && { tools: chosenServer.memberTools, who: "members" }}
          error={errors.tools}
        />
      )}

      <fieldset className="flex flex-col gap-3" aria-describedby={errors.scopes ? "scopes-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Access</legend>
        <label className="flex gap-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
          <input type="checkbox" checked disabled readOnly className="mt-0.5 size-4 accent-indigo-600" />
          <span className="flex flex-col">
            <code className="font-medium">execute:mcp</code>
            <span className="text-slate-600">
              {SCOPE_INFO["execute:mcp"].description}: always included, since /mcp refuses every request without it.
              Every token also has <code>mcp:access</code>.
            </span>
          </span>
        </label>
        <AccessLevels name="level" value={levels} onChange={setLevels} ceiling={ceiling} />
        {errors.scopes && (
          <p id="scopes-error" className="text-xs text-red-600">
            {asSentence(errors.scopes)}
          </p>
        )}
      </fieldset>

      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium text-slate-800">Expiry</legend>
        <div className="flex flex-wrap gap-2">
          {[...presets.map(String), "custom"].map((value) => (
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
              {value !== "custom" && (
                <span className="text-xs text-slate-600" suppressHydrationWarning>
                  {calendarDate(inDays(Number(value)))}
                </span>
              )}
            </label>
          ))}
        </div>
        {preset === "custom" && (
          <Field
            label="Days until expiry"
            name="customDays"
            type="number"
            min={1}
            max={maxDays}
            value={customDays}
            onChange={(event) => setCustomDays(event.target.value)}
            hint={`From 1 to ${maxDays}.`}
            error={errors.expiresInDays}
            className="max-w-48"
          />
        )}
        {preset !== "custom" && errors.expiresInDays && (
          <p className="text-xs text-red-600">{asSentence(errors.expiresInDays)}</p>
        )}
      </fieldset>

      <RateLimitField
        name="rateLimitPerHour"
        value={rateLimit}
        onChange={setRateLimit}
        max={maxRate}
        hint={`From 1 to ${maxRate.toLocaleString("en")}. Requests over it get 429 until the hour is up.`}
        error={errors.rateLimitPerHour}
        className="max-w-xs"
      />

      <Field
        label={policy?.requireAllowedAddresses ? "Allowed client addresses" : "Allowed client addresses (optional)"}
        name="allowedAddresses"
        placeholder="203.0.113.7, 2001:db8::/32"
        required={policy?.requireAllowedAddresses}
        hint={`IPv4 or IPv6 addresses and CIDR ranges, separated by commas or spaces. ${
          policy?.requireAllowedAddresses
            ? "Your organization's policy requires them."
            : "Leave empty to allow any address."
        }`}
        error={errors.allowedAddresses}
      />

      {approval && (
        <Field
          label="Why do you need it? (for approval)"
          name="approvalReason"
          maxLength={500}
          hint="Your organization's owners or admins approve members' tokens with write scopes; until then /mcp refuses it."
          error={errors.approvalReason}
        />
      )}

      <TokenSummary scopes={scopes} days={days} rateLimit={Number(rateLimit)} needsApproval={approval} />

      {errors.form && <Alert>{errors.form}</Alert>}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Generating…" : "Generate token"}
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

/** What the token will be able to do, in words, before it exists. */
function TokenSummary(props: { scopes: Scope[]; days: number; rateLimit: number; needsApproval: boolean }) {
  const can = RESOURCES.map((resource) => {
    const level = levelOf(props.scopes, resource.id);
    const name = resource.label.toLowerCase();
    return level === "none" ? null : level === "write" ? `read and change ${name}` : `read ${name}`;
  }).filter(Boolean);
  const validDays = Number.isInteger(props.days) && props.days >= 1 && props.days <= 365;
  return (
    <section aria-label="Summary" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <h2 className="font-medium">This token will</h2>
      <ul className="mt-1 list-disc pl-5 text-slate-700">
        <li>
          connect to Keyway&apos;s MCP server
          {can.length ? ` and ${can.join(", ")}` : ", and use only the system tools (health check, who am I)"}
        </li>
        <li suppressHydrationWarning>
          {validDays ? `stop working on ${calendarDate(inDays(props.days))}` : "need an expiry from 1 to 365 days"}
        </li>
        {Number.isInteger(props.rateLimit) && props.rateLimit > 0 && (
          <li>allow at most {props.rateLimit.toLocaleString("en")} requests an hour</li>
        )}
        {props.needsApproval && <li>wait for an owner&apos;s or admin&apos;s approval before /mcp accepts it</li>}
      </ul>
    </section>
  );
}
