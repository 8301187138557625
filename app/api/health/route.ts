import { json, route } from "@/lib/api/handler";
import { pingDatabase } from "@/lib/db/ping";

// GET /api/health - liveness and database reachability, for load balancers and tests
export const GET = route(async () => {
  await pingDatabase();
  return json({ status: "ok" });
});
