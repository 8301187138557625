import type { ExportFormat } from "../export";

const TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/jsonl; charset=utf-8",
};

/**
 * An export as a file download, streamed a line at a time as the client reads it; a client that
 * goes away ends the query that feeds it. Named `keyway-{what}-{day}.{format}`.
 */
export function downloadResponse(lines: AsyncGenerator<string>, what: string, format: ExportFormat): Response {
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
      "Content-Disposition": `attachment; filename="keyway-${what}-${day}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
}
