import { log } from "../log";
import { flushUsage } from "./usage-recorder";

/** On a clean stop, writes the usage still counted in memory before the process exits. */
export function flushUsageOnExit() {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      flushUsage()
        .catch((error: unknown) => log("error", "usage.final_flush_failed", { reason: String(error) }))
        .finally(() => process.exit(0));
    });
  }
}
