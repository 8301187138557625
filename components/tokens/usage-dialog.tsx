"use client";

import { Dialog } from "@/components/dialog";
import { Button } from "@/components/ui";
import type { UsageSubject } from "./usage-subject";
import { UsageView } from "./token-usage";

/** The usage of a token or a connected app, in a dialog. */
export function UsageDialog({ subject, name, onClose }: { subject: UsageSubject; name: string; onClose: () => void }) {
  return (
    <Dialog open title={`Usage of “${name}”`} onDismiss={onClose} wide>
      <UsageView subject={subject} />
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  );
}
