/** Prisma's unique-constraint failure (P2002), whichever store raised it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

// Prisma's codes and driver-adapter error kinds that mean "the store is unreachable or busy right
// now" rather than "the code is wrong": callers may retry such failures.
// Timeouts count: the statement timeout (57014), the client's read timeout, the pool's connect
// timeout and Prisma's transaction start (P2028) mean the store is slow right now.
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGE =
  /Can't reach database server|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|SQLITE_BUSY|Query read timeout|timeout exceeded when trying to connect|canceling statement due to statement timeout/i;

// PostgreSQL's SQLSTATEs for the same (from Prisma's adapter or from the pg pool directly):
// connection exceptions, a server shutting down or starting, a cancelled (timed out) statement,
// too many connections.
const UNAVAILABLE_STATE = /^(08...|57P0[1-3]|57014|53300)$/;

function isUnavailableState(code: unknown): boolean {
  return typeof code === "string" && UNAVAILABLE_STATE.test(code);
}

export function isUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
  };
  if (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) return true;
  const cause = e.meta?.driverAdapterError?.cause;
  if (typeof cause?.kind === "string" && UNAVAILABLE_KINDS.has(cause.kind)) return true;
  if (cause?.kind === "postgres" && isUnavailableState(cause.code)) return true;
  if (isUnavailableState(e.code)) return true;
  return typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message);
}
