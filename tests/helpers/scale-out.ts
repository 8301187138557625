import { postgresReachable } from "./postgres";
import { redisReachable } from "./redis";

/**
 * Whether PostgreSQL and Redis answer. Without them the scale-out suites say so and are skipped,
 * unless KEYWAY_REQUIRE_POSTGRES/REDIS=1 (as in CI), where their absence fails the run.
 */
export async function scaleOutServicesReady(): Promise<boolean> {
  const [pg, redis] = await Promise.all([postgresReachable(), redisReachable()]);
  const missing = [!pg && "PostgreSQL", !redis && "Redis"].filter(Boolean).join(" and ");
  if (!missing) return true;
  if (process.env.KEYWAY_REQUIRE_POSTGRES === "1" || process.env.KEYWAY_REQUIRE_REDIS === "1") {
    throw new Error(`${missing} required for the scale-out suite but not reachable.`);
  }
  console.warn(`\n*** scale-out suite SKIPPED: ${missing} not reachable ***\n`);
  return false;
}
