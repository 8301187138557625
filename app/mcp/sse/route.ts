import { route } from "@/lib/api/handler";
import { openSseSession } from "@/lib/mcp/legacy-sse";

// GET /mcp/sse - the older HTTP+SSE transport's event stream
const handler = route(async ({ request }) => openSseSession(request));

export { handler as GET, handler as OPTIONS };
