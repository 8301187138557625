"use client";

import { useState, type ReactNode } from "react";
import type { ApiResult } from "@/lib/client/api";
import { Dialog } from "./dialog";
import { Alert, Button } from "./ui";

type Props<T> = {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone: "primary" | "danger";
  /** The call the confirmation makes; its failure stays in the dialog, its success closes it. */
  action: () => Promise<ApiResult<T>>;
  onDone: (data: T) => void;
  onCancel: () => void;
  /** For a dialog holding a form of its own (the Edit dialog's access levels). */
  wide?: boolean;
};

/** A confirmation that runs one API call: cancel, or confirm and see it through (or its error). */
export function ConfirmDialog<T>({ title, children, confirmLabel, tone, action, onDone, onCancel, wide }: Props<T>) {
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string>();

  async function confirm() {
    setWorking(true);
    setError(undefined);
    const result = await action();
    setWorking(false);
    if (result.ok) onDone(result.data);
    else setError(result.message);
  }

  return (
    <Dialog open title={title} onDismiss={() => !working && onCancel()} wide={wide}>
      <div className="text-sm text-slate-700">{children}</div>
      {error && <Alert>{error}</Alert>}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={working}>
          Cancel
        </Button>
        <Button variant={tone} onClick={() => void confirm()} disabled={working}>
          {working ? "Working…" : confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
