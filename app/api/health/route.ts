import { json, route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";

// GET /api/health - liveness and database reachability, for load balancers and tests
export const GET = route(async () => {
  await db().$queryRaw`SELECT 1`;
  return json({ status: "ok" });
});
