// Next.js calls register() once when the server starts. On a clean stop the usage still counted
// in memory is written before the process exits; a crash loses at most one flush interval.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { flushUsage } = await import("./lib/usage/usage-recorder");
  const { log } = await import("./lib/log");
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      flushUsage()
        .catch((error: unknown) => log("error", "usage.final_flush_failed", { reason: String(error) }))
        .finally(() => process.exit(0));
    });
  }
}
