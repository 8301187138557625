import { ZodError } from "zod";

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

/** Database failures that mean "the store is unreachable" rather than "the code is wrong". */
function isUnavailable(error: unknown): boolean {
  const text =
    error instanceof Error ? `${error.name} ${error.message} ${String((error as { code?: unknown }).code)}` : "";
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|DatabaseNotReachable|P1001|P1002|P1017|Connection terminated|SQLITE_BUSY/i.test(
    text,
  );
}

export function errorResponse(error: unknown, extraHeaders: Record<string, string> = {}): Response {
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else if (error instanceof ZodError) apiError = validationError(error);
  else if (isUnavailable(error))
    apiError = new ApiError("service_unavailable", "The service is temporarily unavailable; retry shortly.", {
      headers: { "Retry-After": "1" },
    });
  else {
    // Log the cause for operators; never send it to the client.
    console.error("[api] unhandled error:", error instanceof Error ? error.stack : error);
    apiError = new ApiError("internal_error", "Something went wrong on our side.");
  }
  return Response.json(apiError.toBody(), {
    status: apiError.status,
    headers: { ...apiError.options.headers, ...extraHeaders, "Cache-Control": "no-store" },
  });
}
