// JSON-RPC errors of the gate's own: they echo the request's id when it had one (null only when no
// id could be read, as JSON-RPC asks for parse errors).

export type JsonRpcId = string | number | null;

export function idOf(message: unknown): JsonRpcId {
  const id = typeof message === "object" && message !== null ? (message as { id?: unknown }).id : undefined;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

export function jsonRpcError(id: JsonRpcId, code: number, message: string, data?: unknown) {
  return { jsonrpc: "2.0" as const, id, error: { code, message, ...(data !== undefined && { data }) } };
}

export function jsonRpcErrorResponse(
  status: number,
  error: ReturnType<typeof jsonRpcError>,
  headers: Record<string, string>,
): Response {
  return Response.json(error, { status, headers });
}
