// Generates the Prisma clients. `prisma generate` first tries to download the native schema engine,
// which it does not use to generate; pointing PRISMA_SCHEMA_ENGINE_BINARY at any file skips that.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const schemas = ["prisma/schema.prisma", "prisma/postgres/schema.prisma"].filter((file) => existsSync(file));
for (const schema of schemas) {
  const result = spawnSync("npx", ["prisma", "generate", "--schema", schema], {
    stdio: "inherit",
    env: { PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
