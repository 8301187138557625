import { route } from "@/lib/api/handler";
import { readMetrics } from "@/lib/api/metrics";

// GET /metrics - Prometheus metrics, with Authorization: Bearer $METRICS_TOKEN (off when unset)
export const GET = route(async ({ request }) => {
  const { body, contentType } = await readMetrics(request.headers.get("authorization"));
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});
