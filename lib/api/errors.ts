import { ZodError } from "zod";
import { log } from "../log";

// One error class and one body shape for every API response: `{ error: { code, message } }`.
const STATUS_BY_CODE = {
  bad_request: 400,
  invalid_json: 400,
  validation_error: 400,
  invalid_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  email_taken: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { fields?: Record<string, string[]>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = STATUS_BY_CODE[code];
  }

  toBody() {
    return {
      error: { code: this.code, message: this.message, ...(this.options.fields && { fields: this.options.fields }) },
    };
  }
}

/** A zod failure as a 400 whose message names the first problem and whose `fields` list them all. */
export function validationError(error: ZodError): ApiError {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    (fields[key] ??= []).push(issue.message);
  }
  const first = error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  return new ApiError("validation_error", `${where}${first?.message ?? "Invalid input"}`, { fields });
}

// Prisma's codes and driver-adapter error kinds that mean "the store is unreachable or busy right
// now" rather than "the code is wrong": such failures are a 503 that clients may retry.
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGE =
  /Can't reach database server|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|SQLITE_BUSY/i;

export function isUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
  };
  if (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) return true;
  const kind = e.meta?.driverAdapterError?.cause?.kind;
  if (typeof kind === "string" && UNAVAILABLE_KINDS.has(kind)) return true;
  return typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message);
}

export function errorResponse(error: unknown, extraHeaders: Record<string, string> = {}): Response {
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else if (error instanceof ZodError) apiError = validationError(error);
  else if (isUnavailable(error)) {
    log("warn", "api.store_unavailable", {
      reason: error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error),
    });
    apiError = new ApiError("service_unavailable", "The service is temporarily unavailable; retry shortly.", {
      headers: { "Retry-After": "1" },
    });
  } else {
    // Log the cause for operators; never send it to the client.
    log("error", "api.unhandled_error", { error: error instanceof Error ? error.stack : String(error) });
    apiError = new ApiError("internal_error", "Something went wrong on our side.");
  }
  const headers: Record<string, string> = { ...apiError.options.headers, ...extraHeaders, "Cache-Control": "no-store" };
  // RFC 9110 §15.5.2: every 401 carries a challenge. Bearer failures bring their RFC 6750 one;
  // any other 401 (a wrong password at the token endpoint) gets the plain realm.
  if (apiError.status === 401) headers["WWW-Authenticate"] ??= 'Bearer realm="keyway"';
  return Response.json(apiError.toBody(), { status: apiError.status, headers });
}
