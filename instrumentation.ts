// Next.js calls register() once when the server starts: tracing (when an OTLP endpoint is set),
// the final usage flush on a clean stop, and the retention job. Node-only work is imported only on the
// Node runtime (a crash still loses at most one usage flush interval).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startTracing } = await import("./lib/telemetry/tracing");
    startTracing();
    const { flushUsageOnExit } = await import("./lib/usage/flush-on-exit");
    flushUsageOnExit();
    const { startRetentionJob } = await import("./lib/retention/prune");
    startRetentionJob();
    const { startWebhookDispatcher } = await import("./lib/activity/webhooks");
    startWebhookDispatcher();
  }
}
