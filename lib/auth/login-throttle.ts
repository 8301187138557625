import { ApiError } from "../api/errors";
import { increment, peek, reset } from "../rate-limit/counters";

// Password guessing: after 10 failed attempts on one account in 15 minutes, further attempts are
// refused until the window ends (a correct password then clears the count). Keyed by account, not
// by IP, since client addresses behind proxies cannot be trusted without configuration.
const MAX_FAILURES = 10;
const WINDOW_SECONDS = 15 * 60;
const PREFIX = "keyway:login";

export async function assertLoginAllowed(email: string) {
  const { count, resetSeconds } = await peek(PREFIX, WINDOW_SECONDS, email);
  if (count >= MAX_FAILURES) {
    throw new ApiError(
      "rate_limited",
      `Too many failed sign-in attempts for this account; try again in ${resetSeconds} s.`,
      {
        headers: { "Retry-After": String(resetSeconds) },
      },
    );
  }
}

export async function recordLoginFailure(email: string) {
  await increment(PREFIX, WINDOW_SECONDS, email);
}

export async function clearLoginFailures(email: string) {
  await reset(PREFIX, WINDOW_SECONDS, email);
}
