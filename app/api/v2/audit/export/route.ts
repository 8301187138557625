import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { auditExportLines } from "@/lib/audit/list-audit-events";

const TYPES = { csv: "text/csv; charset=utf-8", jsonl: "application/jsonl; charset=utf-8" } as const;

// GET /api/v2/audit/export?format=csv|jsonl - every matching event (same filters as the list), streamed
export const GET = endpoint(api.exportAudit, async ({ user, query }) => {
  const { format, ...filter } = query;
  const lines = auditExportLines(user.orgId, filter, format);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": `attachment; filename="keyway-audit-${day}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
});
