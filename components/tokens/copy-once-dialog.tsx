"use client";

import { TriangleAlert } from "lucide-react";
import { useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { Dialog } from "@/components/dialog";
import { Tabs } from "@/components/tabs";
import { Button, cx, Section } from "@/components/ui";
import { clientConfigs } from "@/lib/tokens/client-config";
import type { TokenWithSecret } from "@/lib/tokens/schemas";

/**
 * Shows a new secret exactly once. Escape and clicks outside do nothing; only "Done" closes it,
 * after which the parent drops the secret from its state.
 */
export function CopyOnceDialog({
  issued,
  onDone,
  rotated,
}: {
  issued: TokenWithSecret;
  onDone: () => void;
  rotated: boolean;
}) {
  // The URL the token is for: Keyway's /mcp, or the upstream server it was made for.
  const configs = clientConfigs(issued.resource, issued.token);
  const [active, setActive] = useState(configs[0]!.id);
  const config = configs.find((c) => c.id === active)!;
  return (
    <Dialog open title={rotated ? `New secret for “${issued.name}”` : `Token “${issued.name}” created`}>
      <div
        role="alert"
        className="flex gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
      >
        <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        <p>Copy this token now. It will not be shown again: Keyway keeps only a hash of it.</p>
      </div>
      {issued.approval === "pending" && (
        <p role="note" data-testid="pending-approval" className="text-sm text-slate-700">
          It does not work yet: /mcp refuses it until an owner or admin of your organization approves it. Keep it now;
          it starts working the moment it is approved, with nothing to change in your client.
        </p>
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor="issued-token" className="text-sm font-medium">
          Your token
        </label>
        <div className="flex gap-2">
          <input
            id="issued-token"
            readOnly
            value={issued.token}
            onFocus={(event) => event.currentTarget.select()}
            className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs"
          />
          <CopyButton text={issued.token} label="Copy token" variant="primary" />
        </div>
      </div>
      <Section id="client-config-title" title="Connect a client" level={3}>
        <Tabs
          label="Client"
          tabs={configs}
          selected={active}
          onSelect={setActive}
          tabId={(id) => `config-tab-${id}`}
          panelId={() => "config-panel"}
          className="flex gap-1"
          tabClassName={(selected) =>
            cx(
              "rounded-md px-3 py-1.5 text-sm",
              selected ? "bg-indigo-50 font-medium text-indigo-800" : "text-slate-600 hover:bg-slate-100",
            )
          }
        />
        <div
          role="tabpanel"
          id="config-panel"
          aria-labelledby={`config-tab-${config.id}`}
          className="flex flex-col gap-2"
        >
          <div className="flex items-center justify-between text-xs text-slate-600">
            <span>
              {config.file === "terminal" ? (
                "Run in a terminal"
              ) : (
                <>
                  Paste into <code>{config.file}</code>
                </>
              )}
            </span>
            <CopyButton text={config.text} label={`Copy ${config.label} configuration`} />
          </div>
          {/* Focusable, so a keyboard can scroll a long line (axe: scrollable-region-focusable). */}
          <pre
            role="region"
            tabIndex={0}
            aria-label={`${config.label} configuration`}
            className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
          >
            {config.text}
          </pre>
        </div>
      </Section>
      <div className="flex justify-end">
        <Button onClick={onDone}>Done, I have copied it</Button>
      </div>
    </Dialog>
  );
}
