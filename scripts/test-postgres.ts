// npm run test:postgres — the integration suite again, against PostgreSQL instead of SQLite.
// Without a reachable server it says clearly that it skipped (and fails when
// KEYWAY_REQUIRE_POSTGRES=1, as in CI, so a green run means both stores were tested).
import { spawnSync } from "node:child_process";
import { postgresReachable, TEST_POSTGRES_URL } from "../tests/helpers/postgres";

const where = TEST_POSTGRES_URL.replace(/\/\/[^@]*@/, "//");
if (!(await postgresReachable())) {
  const message = `PostgreSQL integration suite SKIPPED: no server at ${where} (set TEST_POSTGRES_URL).`;
  if (process.env.KEYWAY_REQUIRE_POSTGRES === "1") {
    console.error(`${message} KEYWAY_REQUIRE_POSTGRES=1, so this is a failure.`);
    process.exit(1);
  }
  console.warn(`\n*** ${message} ***\n`);
  process.exit(0);
}
console.log(`Running the integration suite against PostgreSQL at ${where}`);
const result = spawnSync("npx", ["vitest", "run", "--project", "integration"], {
  stdio: "inherit",
  env: { ...process.env, KEYWAY_TEST_STORE: "postgresql" },
});
process.exit(result.status ?? 1);
