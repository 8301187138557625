// The 2026-07-28 standard headers (SEP-2243): `Mcp-Method` and `Mcp-Name` mirror the JSON-RPC
// body, so proxies and load balancers can route without reading it. Keyway decides from the body;
// a header that names something else is refused (HTTP 400, HeaderMismatch), so nothing downstream
// routing by the header can act on a call other than the one that was checked.

/** The JSON-RPC code the 2026-07-28 revision names for a header that does not match the body. */
export const HEADER_MISMATCH_CODE = -32020;

// The body field `Mcp-Name` mirrors, by method.
const NAME_SOURCE: Record<string, string> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
  "tasks/get": "taskId",
  "tasks/update": "taskId",
  "tasks/cancel": "taskId",
};

const SENTINEL_PREFIX = "=?base64?";
const SENTINEL_SUFFIX = "?=";
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A header value as sent: plain, or `=?base64?...?=` for what HTTP cannot carry; undefined when malformed. */
function decoded(value: string): string | undefined {
  const trimmed = value.trim();
  if (!(trimmed.startsWith(SENTINEL_PREFIX) && trimmed.endsWith(SENTINEL_SUFFIX))) return trimmed;
  const encoded = trimmed.slice(SENTINEL_PREFIX.length, -SENTINEL_SUFFIX.length);
  if (!BASE64.test(encoded)) return undefined;
  const text = Buffer.from(encoded, "base64").toString("utf8");
  return Buffer.from(text, "utf8").toString("base64") === encoded ? text : undefined;
}

/**
 * Why a single message's standard headers contradict its body, or null when they agree or are
 * absent (requiring them is the server's part, for the revision it speaks).
 */
export function headerMismatch(headers: Headers, message: unknown): string | null {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return null;
  const { method, params } = message as { method?: unknown; params?: Record<string, unknown> };
  if (typeof method !== "string") return null;
  const methodHeader = headers.get("mcp-method");
  if (methodHeader !== null && methodHeader.trim() !== method) {
    return `The Mcp-Method header names ${methodHeader.trim()} but the body's method is ${method}.`;
  }
  const nameHeader = headers.get("mcp-name");
  const field = NAME_SOURCE[method];
  if (nameHeader === null || field === undefined) return null;
  const name = decoded(nameHeader);
  if (name === undefined) return "The Mcp-Name header carries a malformed Base64 value.";
  const value = params && typeof params === "object" ? params[field] : undefined;
  if (typeof value === "string" && value !== name) {
    return `The Mcp-Name header names ${name} but the body's params.${field} is ${value}.`;
  }
  return null;
}
