"use client";

import { Dialog } from "@/components/dialog";
import { Button } from "@/components/ui";
import type { TokenListItem } from "@/lib/tokens/schemas";
import { TokenUsage } from "./token-usage";

export function UsageDialog({ token, onClose }: { token: TokenListItem; onClose: () => void }) {
  return (
    <Dialog open title={`Usage of “${token.name}”`} onDismiss={onClose} wide>
      <TokenUsage tokenId={token.id} />
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  );
}
