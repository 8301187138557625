import type { TestProject } from "vitest/node";
import { startServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}

// One server for the integration suites; suites that need other settings start their own.
export default async function setup(project: TestProject) {
  const server = await startServer();
  project.provide("baseUrl", server.url);
  project.provide("databaseUrl", `file:${server.dataDir}/keyway.db`);
  return () => server.stop();
}
