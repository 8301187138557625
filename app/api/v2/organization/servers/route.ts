import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { listServers, registerServer } from "@/lib/upstream/servers";

// GET /api/v2/organization/servers - the organization's upstream MCP servers
export const GET = endpoint(api.listServers, ({ user }) => listServers(user));

// POST /api/v2/organization/servers - register one (owners and admins)
export const POST = endpoint(api.registerServer, ({ user, body }) => registerServer(user, body));
