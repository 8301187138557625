// Next.js calls register() once when the server starts. Node-only work is imported only on the
// Node runtime (a crash still loses at most one usage flush interval).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { flushUsageOnExit } = await import("./lib/usage/flush-on-exit");
    flushUsageOnExit();
  }
}
