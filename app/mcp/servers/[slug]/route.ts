import { route } from "@/lib/api/handler";
import { handleUpstreamRequest } from "@/lib/mcp/gate";

// /mcp/servers/{slug} - an organization's own MCP server, through Keyway's gate (Streamable HTTP)
const handler = route<{ slug: string }>(async ({ request, params }) => handleUpstreamRequest(request, params.slug));

export { handler as GET, handler as POST, handler as DELETE, handler as OPTIONS };
