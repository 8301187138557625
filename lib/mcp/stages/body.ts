import { statusOf } from "../../api/errors";
import { readJson } from "../../api/parse";
import { DomainError } from "../../errors";
import { metrics } from "../../metrics/metrics";
import { jsonRpcError, jsonRpcErrorResponse } from "./json-rpc";

export const MAX_MCP_BODY_BYTES = 1024 * 1024;

/**
 * A POST's JSON-RPC body (a GET or DELETE has none), or the JSON-RPC error that answers one that
 * is not JSON (-32700) or not acceptable (-32600: too large, wrong type), with its HTTP status.
 */
export async function readMcpBody(
  request: Request,
  headers: Record<string, string>,
): Promise<{ body: unknown } | { refused: Response }> {
  if (request.method !== "POST") return { body: undefined };
  try {
    return { body: await readJson(request, { maxBytes: MAX_MCP_BODY_BYTES }) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const status = statusOf(error.code);
    const code = status === 400 ? -32700 : -32600;
    metrics().mcpRefusals.inc({ reason: "malformed" });
    return { refused: jsonRpcErrorResponse(status, jsonRpcError(null, code, error.message), headers) };
  }
}
