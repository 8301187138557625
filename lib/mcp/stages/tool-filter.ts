// `tools/list` as a narrowed token sees it at an upstream server: the tools it may not call are
// left out of the server's answer, whether that comes as one JSON body or as Server-Sent Events.
// Only answers to the request's own `tools/list` calls (by JSON-RPC id) are touched.

type Listing = { jsonrpc?: unknown; id?: unknown; result?: { tools?: unknown } };

/** One JSON-RPC message with the tools outside `allowed` removed when it answers one of `listIds`. */
export function withoutForbiddenTools(message: unknown, listIds: ReadonlySet<unknown>, allowed: ReadonlySet<string>) {
  const listing = message as Listing | null;
  if (!listing || typeof listing !== "object" || !listIds.has(listing.id) || !Array.isArray(listing.result?.tools)) {
    return message;
  }
  const tools = listing.result.tools.filter(
    (tool) => typeof (tool as { name?: unknown })?.name === "string" && allowed.has((tool as { name: string }).name),
  );
  return { ...listing, result: { ...listing.result, tools } };
}

/** A JSON answer (one message or a batch's array) filtered. */
export function filterJsonAnswer(text: string, listIds: ReadonlySet<unknown>, allowed: ReadonlySet<string>): string {
  const parsed: unknown = JSON.parse(text);
  const filtered = Array.isArray(parsed)
    ? parsed.map((message) => withoutForbiddenTools(message, listIds, allowed))
    : withoutForbiddenTools(parsed, listIds, allowed);
  return JSON.stringify(filtered);
}

/** One SSE event (its lines, without the blank line ending it) with a listing's `data` filtered. */
function filterEvent(event: string, listIds: ReadonlySet<unknown>, allowed: ReadonlySet<string>): string {
  const lines = event.split(/\r\n|\r|\n/);
  const data = lines.filter((line) => line.startsWith("data:")).map((line) => line.slice(line[5] === " " ? 6 : 5));
  if (data.length === 0) return event;
  let message: unknown;
  try {
    message = JSON.parse(data.join("\n"));
  } catch {
    return event;
  }
  const filtered = withoutForbiddenTools(message, listIds, allowed);
  if (filtered === message) return event;
  const others = lines.filter((line) => !line.startsWith("data:"));
  return [...others, `data: ${JSON.stringify(filtered)}`].join("\n");
}

/** The longest one event may be while it is held to be filtered (a listing is far smaller). */
const MAX_EVENT_CHARS = 16 * 1024 * 1024;

/** A Server-Sent Events stream with each listing filtered, every other event passed on as it comes. */
export function filterEventStream(listIds: ReadonlySet<unknown>, allowed: ReadonlySet<string>) {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = "";
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      // Events end with a blank line; whatever follows the last one waits for the next chunk.
      const boundary = /\r\n\r\n|\n\n|\r\r/g;
      let start = 0;
      for (let match = boundary.exec(pending); match; match = boundary.exec(pending)) {
        const event = pending.slice(start, match.index);
        controller.enqueue(encoder.encode(`${filterEvent(event, listIds, allowed)}\n\n`));
        start = match.index + match[0].length;
      }
      pending = pending.slice(start);
      if (pending.length > MAX_EVENT_CHARS) controller.error(new Error("an event from the MCP server is too large"));
    },
    flush(controller) {
      pending += decoder.decode();
      if (pending) controller.enqueue(encoder.encode(filterEvent(pending, listIds, allowed)));
    },
  });
}
