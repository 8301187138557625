/**
 * Waits for a condition the caller's own traffic makes true (a count of answers, say), polling
 * every 10 ms; throws when it has not held within `timeoutMs`. A wait for a condition, never a
 * duration.
 */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
