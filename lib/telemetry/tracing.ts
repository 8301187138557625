import { trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";

/**
 * Sends OpenTelemetry spans (one per MCP message, the call ledger in lib/mcp/gate.ts) over OTLP/HTTP when an
 * endpoint is configured with the standard variables; without one the API stays a no-op and a
 * span costs next to nothing. Called once at start (instrumentation.ts).
 */
export function startTracing(env: Record<string, string | undefined> = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return false;
  // The exporter reads the standard variables itself (endpoint, headers, timeout).
  const exporter = new OTLPTraceExporter();
  const delay = Number(env.OTEL_BSP_SCHEDULE_DELAY);
  const processor = new BatchSpanProcessor({
    exporter,
    ...(Number.isInteger(delay) && delay > 0 && { scheduledDelayMillis: delay }),
  });
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [processor] }));
  return true;
}
