"use client";

import { TriangleAlert } from "lucide-react";
import { useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { Dialog } from "@/components/dialog";
import { Button, cx } from "@/components/ui";
import { clientConfigs } from "@/lib/tokens/client-config";
import type { TokenWithSecret } from "@/lib/tokens/schemas";

/**
 * Shows a new secret exactly once. Escape and clicks outside do nothing; only "Done" closes it,
 * after which the parent drops the secret from its state.
 */
export function CopyOnceDialog({
  issued,
  mcpUrl,
  onDone,
  rotated,
}: {
  issued: TokenWithSecret;
  mcpUrl: string;
  onDone: () => void;
  rotated: boolean;
}) {
  const configs = clientConfigs(mcpUrl, issued.token);
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
      <section aria-labelledby="client-config-title" className="flex flex-col gap-2">
        <h3 id="client-config-title" className="text-sm font-medium">
          Connect a client
        </h3>
        <div role="tablist" aria-label="Client" className="flex gap-1">
          {configs.map((c) => (
            <button
              key={c.id}
              type="button"
              role="tab"
              id={`config-tab-${c.id}`}
              aria-selected={c.id === active}
              aria-controls="config-panel"
              onClick={() => setActive(c.id)}
              className={cx(
                "rounded-md px-3 py-1.5 text-sm",
                c.id === active ? "bg-indigo-50 font-medium text-indigo-800" : "text-slate-600 hover:bg-slate-100",
              )}
            >
              {c.label}
            </button>
          ))}
        </div>
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
          <pre
            aria-label={`${config.label} configuration`}
            className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
          >
            {config.text}
          </pre>
        </div>
      </section>
      <div className="flex justify-end">
        <Button onClick={onDone}>Done, I have copied it</Button>
      </div>
    </Dialog>
  );
}
