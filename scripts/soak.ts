// npm run soak — ten minutes of mixed load on the production build (SOAK_SECONDS to change it),
// reporting errors and memory growth. Not part of npm test.
import autocannon from "autocannon";
import { apiToken, MCP_HEADERS, rssMb, startServer } from "./lib/server-process";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const SAMPLE_EVERY_MS = 10_000;

const call = (name: string, args: Record<string, unknown>) =>
  JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } });

const server = await startServer();
// Twelve tokens at the highest rate limit (100,000 an hour each), so ten minutes of load stays
// within their limits; a single token would be refused with 429 after its 100,000th request.
const tokens = await Promise.all(
  Array.from({ length: 12 }, () => apiToken(server, 100_000, ["execute:mcp", "write:tasks", "write:context"])),
);
const requests = tokens.flatMap((token) => {
  const headers = { ...MCP_HEADERS, authorization: `Bearer ${token}` };
  return [
    { method: "POST" as const, path: "/mcp", headers, body: call("list_tasks", { limit: 5 }) },
    { method: "POST" as const, path: "/mcp", headers, body: call("create_task", { title: "soak" }) },
    { method: "POST" as const, path: "/mcp", headers, body: call("get_context", { level: "organization" }) },
    { method: "POST" as const, path: "/mcp", headers, body: call("whoami", {}) },
    {
      method: "POST" as const,
      path: "/mcp",
      headers: { ...MCP_HEADERS, authorization: "Bearer not-a-token" },
      body: call("whoami", {}),
    },
  ];
});

const samples: { at: number; rssMb: number }[] = [{ at: 0, rssMb: rssMb(server.child.pid!) }];
const started = Date.now();
const sampler = setInterval(() => {
  samples.push({ at: Math.round((Date.now() - started) / 1000), rssMb: rssMb(server.child.pid!) });
  const last = samples.at(-1)!;
  console.log(`${last.at}s  RSS ${last.rssMb} MB`);
}, SAMPLE_EVERY_MS);

console.log(`Soaking ${server.url} for ${SECONDS} s with 16 connections…`);
const result = await autocannon({ url: server.url, connections: 16, duration: SECONDS, requests });
clearInterval(sampler);
await server.stop();

const statuses = Object.fromEntries(
  Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, (stat as { count: number }).count]),
);
const first = samples[1] ?? samples[0]!;
const last = samples.at(-1)!;
console.log(
  `\nrequests: ${result.requests.total}, ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms`,
);
console.log(`status codes: ${JSON.stringify(statuses)} (401s are the deliberate bad-token requests)`);
console.log(`connection errors: ${result.errors}, timeouts: ${result.timeouts}`);
console.log(
  `RSS: ${first.rssMb} MB after warm-up -> ${last.rssMb} MB at the end (${last.rssMb - first.rssMb >= 0 ? "+" : ""}${last.rssMb - first.rssMb} MB)`,
);
const unexpected = Object.keys(statuses).filter((code) => code !== "200" && code !== "401");
if (result.errors || result.timeouts || unexpected.length) {
  console.error(
    `FAILED: unexpected outcomes ${JSON.stringify({ errors: result.errors, timeouts: result.timeouts, unexpected })}`,
  );
  process.exitCode = 1;
}
