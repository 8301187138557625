import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { testStore } from "./postgres";
import { emptyRedis, INTEGRATION_REDIS_URL } from "./redis";
import { startDnsServer } from "./dns-server";
import { startServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    /** Where the suite's DNS server reads its TXT records (./dns-server.ts). */
    dnsRecordsDir: string;
  }
}

// One server for the integration suites; suites that need other settings start their own.
// Its output is kept in test-results/ for reading after a failure. It looks domain proofs up at a
// DNS server of the suite's own, on loopback.
export default async function setup(project: TestProject) {
  if (testStore() === "postgresql") await emptyRedis(INTEGRATION_REDIS_URL);
  const dnsRecordsDir = path.join(mkdtempSync(path.join(tmpdir(), "keyway-dns-")), "records");
  const dns = await startDnsServer(dnsRecordsDir);
  const server = await startServer({ DNS_SERVERS: dns.server });
  project.provide("baseUrl", server.url);
  project.provide("dnsRecordsDir", dnsRecordsDir);
  project.provide("databaseUrl", server.env.DATABASE_URL ?? `file:${server.dataDir}/keyway.db`);
  return async () => {
    mkdirSync("test-results", { recursive: true });
    writeFileSync(`test-results/server-${testStore()}.log`, server.output());
    await server.stop();
    await dns.close();
  };
}
