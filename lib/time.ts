// Durations used across Keyway, defined once.
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const HOUR_SECONDS = 3600;
export const DAY_SECONDS = 24 * HOUR_SECONDS;

/** A whole duration as people say it: "1 hour", "90 minutes", "30 days". */
export function describeDuration(ms: number): string {
  const [unit, size] =
    ms % DAY_MS === 0 ? ["day", DAY_MS] : ms % HOUR_MS === 0 ? ["hour", HOUR_MS] : ["minute", MINUTE_MS];
  const count = Math.round(ms / (size as number));
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** A wait as people say it, rounded up: "45 seconds", "12 minutes", "2 hours". */
export function describeWait(seconds: number): string {
  const [count, unit] =
    seconds < 90
      ? [seconds, "second"]
      : seconds < 90 * 60
        ? [Math.ceil(seconds / 60), "minute"]
        : [Math.ceil(seconds / 3600), "hour"];
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** A token "expires soon" within this: the console reminds its holder, and the webhook says so once. */
export const EXPIRES_SOON_MS = 7 * DAY_MS;
