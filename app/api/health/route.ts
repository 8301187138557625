import { json, route } from "@/lib/api/handler";
import { checkHealth, healthSchema } from "@/lib/health";

// GET /api/health - liveness and database reachability, for load balancers and tests
export const GET = route(async () => json(healthSchema, await checkHealth()));
