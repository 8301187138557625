import { route } from "@/lib/api/handler";
import { postSseMessage } from "@/lib/mcp/legacy-sse";

// POST /mcp/messages?sessionId= - messages for an HTTP+SSE session
const handler = route(async ({ request }) => postSseMessage(request));

export { handler as POST, handler as OPTIONS };
