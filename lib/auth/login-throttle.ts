import { DomainError } from "../errors";
import { increment, peek, reset } from "../rate-limit/counters";

// Password guessing is throttled on two counters over 15 minutes. Failures for one account from
// one client address: after 10, that address may not try that account again. Failures for one
// account from anywhere: after 100, nobody may. A stranger at one address can shut out only
// themselves; to keep the owner out they would need to guess from ten addresses, and even then
// the account sees at most 100 guesses per window.
const WINDOW_SECONDS = 15 * 60; // seconds
const MAX_FAILURES_PER_ADDRESS = 10;
const MAX_FAILURES_PER_ACCOUNT = 100;
const PER_ADDRESS = "keyway:login:address";
const PER_ACCOUNT = "keyway:login:account";

const addressKey = (email: string, address: string | null) => `${email} ${address ?? "unknown"}`;

function tooMany(where: string, resetSeconds: number) {
  return new DomainError("rate_limited", `Too many failed sign-in attempts ${where}; try again in ${resetSeconds} s.`, {
    retryAfterSeconds: resetSeconds,
  });
}

export async function assertLoginAllowed(email: string, address: string | null) {
  const [fromAddress, overall] = await Promise.all([
    peek(PER_ADDRESS, WINDOW_SECONDS, addressKey(email, address)),
    peek(PER_ACCOUNT, WINDOW_SECONDS, email),
  ]);
  if (fromAddress.count >= MAX_FAILURES_PER_ADDRESS) {
    throw tooMany("for this account from your address", fromAddress.resetSeconds);
  }
  if (overall.count >= MAX_FAILURES_PER_ACCOUNT) throw tooMany("for this account", overall.resetSeconds);
}

export async function recordLoginFailure(email: string, address: string | null) {
  await Promise.all([
    increment(PER_ADDRESS, WINDOW_SECONDS, addressKey(email, address)),
    increment(PER_ACCOUNT, WINDOW_SECONDS, email),
  ]);
}

/** A correct password clears its own address's count; the account-wide count runs out by itself. */
export async function clearLoginFailures(email: string, address: string | null) {
  await reset(PER_ADDRESS, WINDOW_SECONDS, addressKey(email, address));
}
