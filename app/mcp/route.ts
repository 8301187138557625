import { route } from "@/lib/api/handler";
import { handleMcpRequest } from "@/lib/mcp/gate";

// /mcp - the MCP endpoint (Streamable HTTP, stateless); every method goes through one handler
const handler = route(async ({ request }) => handleMcpRequest(request));

export { handler as GET, handler as POST, handler as DELETE, handler as OPTIONS };
