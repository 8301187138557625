import { route } from "@/lib/api/handler";
import { handleMcpRequest } from "@/lib/mcp/gate";

// POST /mcp/initialize - compatibility path from the guide; behaves exactly as POST /mcp
const handler = route(async ({ request }) => handleMcpRequest(request));

export { handler as POST, handler as OPTIONS };
