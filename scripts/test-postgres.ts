// npm run test:postgres — the integration suite again, against PostgreSQL and Redis instead of
// SQLite (the scale-out shape).
// Without a reachable server it says clearly that it skipped (and fails when
// KEYWAY_REQUIRE_POSTGRES=1, as in CI, so a green run means both stores were tested).
import { spawnSync } from "node:child_process";
import { postgresReachable, TEST_POSTGRES_URL } from "../tests/helpers/postgres";
import { redisReachable, TEST_REDIS_URL } from "../tests/helpers/redis";

const where = TEST_POSTGRES_URL.replace(/\/\/[^@]*@/, "//");
const [postgres, redis] = await Promise.all([postgresReachable(), redisReachable()]);
if (!postgres || !redis) {
  const missing = postgres
    ? `no Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL)`
    : `no server at ${where} (set TEST_POSTGRES_URL)`;
  const message = `PostgreSQL integration suite SKIPPED: ${missing}.`;
  if (process.env.KEYWAY_REQUIRE_POSTGRES === "1") {
    console.error(`${message} KEYWAY_REQUIRE_POSTGRES=1, so this is a failure.`);
    process.exit(1);
  }
  console.warn(`\n*** ${message} ***\n`);
  process.exit(0);
}
console.log(`Running the integration suite against PostgreSQL at ${where} and Redis at ${TEST_REDIS_URL}`);
const result = spawnSync("npx", ["vitest", "run", "--project", "integration"], {
  stdio: "inherit",
  env: { ...process.env, KEYWAY_TEST_STORE: "postgresql" },
});
process.exit(result.status ?? 1);
