import { mkdirSync, writeFileSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { testStore } from "./postgres";
import { emptyRedis, INTEGRATION_REDIS_URL } from "./redis";
import { startServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}

// One server for the integration suites; suites that need other settings start their own.
// Its output is kept in test-results/ for reading after a failure.
export default async function setup(project: TestProject) {
  if (testStore() === "postgresql") await emptyRedis(INTEGRATION_REDIS_URL);
  const server = await startServer();
  project.provide("baseUrl", server.url);
  project.provide("databaseUrl", server.env.DATABASE_URL ?? `file:${server.dataDir}/keyway.db`);
  return async () => {
    mkdirSync("test-results", { recursive: true });
    writeFileSync(`test-results/server-${testStore()}.log`, server.output());
    await server.stop();
  };
}
