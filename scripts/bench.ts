// npm run bench — measures the production build and writes docs/benchmarks.md.
// Not part of npm test: figures depend on the machine; tests assert behaviour, not wall time.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import autocannon from "autocannon";
import { apiToken, MCP_HEADERS, rssMb, SECRET, startServer, type Server } from "./lib/server-process";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = [16, 64];

const TOOL_CALL = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: { name: "health_check", arguments: {} },
});
// JSON-RPC ping: the same authentication, rate limit, usage and transport, no tool and no database.
const PING = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });

type Load = { rps: number; p50: number; p99: number; non2xx: number; errors: number; rssMb: number };

async function load(
  server: Server,
  pathname: string,
  body: string,
  headers: Record<string, string>,
  connections: number,
  seconds = DURATION,
  amount?: number,
): Promise<Load & { statuses: Record<string, number> }> {
  let peak = rssMb(server.child.pid!);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.child.pid!))), 500);
  const result = await autocannon({
    url: `${server.url}${pathname}`,
    method: "POST",
    headers,
    body,
    connections,
    ...(amount ? { amount } : { duration: seconds }),
  });
  clearInterval(sampler);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    rssMb: peak,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, (stat as { count: number }).count]),
    ),
  };
}

async function warm(server: Server, pathname: string, body: string, headers: Record<string, string>) {
  await autocannon({ url: `${server.url}${pathname}`, method: "POST", headers, body, connections: 16, duration: 5 });
}

type OpStats = { opsPerSecond: number; p50: number; p99: number };

async function measure(op: (i: number) => Promise<unknown>, seconds = 3): Promise<OpStats> {
  for (let i = 0; i < 300; i++) await op(i);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; performance.now() - started < seconds * 1000; i++) {
    const t = performance.now();
    await op(i);
    samples.push(performance.now() - t);
  }
  const elapsed = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  return {
    opsPerSecond: Math.round(samples.length / elapsed),
    p50: samples[Math.floor(samples.length * 0.5)]!,
    p99: samples[Math.floor(samples.length * 0.99)]!,
  };
}

/**
 * The verifier alone, in process, on the same store: a token seen before (jose's result is
 * remembered, the row is read fresh) and tokens seen for the first time (full jose verification;
 * each is a re-signed copy whose hash is not stored, so it ends in "Invalid token" after the read).
 */
async function verifierBench(token: string, dataDir: string, appUrl: string) {
  process.env.KEYWAY_DATA_DIR = dataDir;
  process.env.APP_URL = appUrl;
  process.env.JWT_SECRET_KEY = SECRET;
  process.env.AUTH_SECRET = SECRET;
  const { authenticateApiToken } = await import("../lib/tokens/verify-token");
  const { decodeJwt, SignJWT } = await import("jose");
  const header = `Bearer ${token}`;
  const warm = await measure(() => authenticateApiToken(header));
  const claims = decodeJwt(token);
  const key = new TextEncoder().encode(SECRET);
  const fresh = await Promise.all(
    Array.from({ length: 20_000 }, (_, i) =>
      new SignJWT({ ...claims, n: i }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key),
    ),
  );
  const cold = await measure(
    (i) => authenticateApiToken(`Bearer ${fresh[i % fresh.length]}`).catch(() => undefined),
    2,
  );
  return { warm, cold };
}

function version(pkg: string) {
  return JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, "utf8")).version as string;
}

const pct = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

async function main() {
  console.log(`Benchmarking the production build (${DURATION} s per run)…`);
  const rows: { name: string; c: number; r: Load }[] = [];

  const jwt = await startServer();
  const token = await apiToken(jwt);
  const auth = { ...MCP_HEADERS, authorization: `Bearer ${token}` };
  await warm(jwt, "/mcp", TOOL_CALL, auth);
  await warm(jwt, "/api/ping", "{}", { "content-type": "application/json" });
  for (const c of CONNECTIONS) {
    rows.push({ name: "tools/call, jwt auth", c, r: await load(jwt, "/mcp", TOOL_CALL, auth, c) });
    rows.push({ name: "ping, jwt auth", c, r: await load(jwt, "/mcp", PING, auth, c) });
    rows.push({
      name: "trivial route handler",
      c,
      r: await load(jwt, "/api/ping", "{}", { "content-type": "application/json" }, c),
    });
  }

  // Rate-limit exactness under load: 64 connections, 3x the limit in requests.
  const limit = 500;
  const limited = await apiToken(jwt, limit);
  const exact = await load(
    jwt,
    "/mcp",
    TOOL_CALL,
    { ...MCP_HEADERS, authorization: `Bearer ${limited}` },
    64,
    0,
    limit * 3,
  );
  const admitted = exact.statuses["200"] ?? 0;
  const verifier = await verifierBench(token, jwt.dataDir, jwt.url);
  await jwt.stop();

  const none = await startServer({ MCP_AUTH_TYPE: "none" });
  await warm(none, "/mcp", TOOL_CALL, MCP_HEADERS);
  for (const c of CONNECTIONS) {
    rows.push({ name: "tools/call, MCP_AUTH_TYPE=none", c, r: await load(none, "/mcp", TOOL_CALL, MCP_HEADERS, c) });
    rows.push({ name: "ping, MCP_AUTH_TYPE=none", c, r: await load(none, "/mcp", PING, MCP_HEADERS, c) });
  }
  await none.stop();

  const find = (name: string, c: number) => rows.find((row) => row.name === name && row.c === c)!.r;
  const ratios = CONNECTIONS.map((c) => ({
    c,
    authVsNone: find("tools/call, jwt auth", c).rps / find("tools/call, MCP_AUTH_TYPE=none", c).rps,
    mcpVsTrivial: find("tools/call, jwt auth", c).rps / find("trivial route handler", c).rps,
    pingAuthVsNone: find("ping, jwt auth", c).rps / find("ping, MCP_AUTH_TYPE=none", c).rps,
    pingVsTrivial: find("ping, jwt auth", c).rps / find("trivial route handler", c).rps,
  }));

  const lines = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Production build, one server process, embedded SQLite store,`,
    `autocannon on the same 2 cores (${DURATION} s per run after a 5 s warm-up), so the load generator takes CPU from the server and figures vary by about ±5% between runs. The tool called is \`health_check\` (one \`SELECT 1\`).`,
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB. Node ${process.version}, Next.js ${version("next")}, MCP SDK ${version("@modelcontextprotocol/sdk")}, Prisma ${version("@prisma/client")}.`,
    "",
    "## Throughput and latency",
    "",
    "| run | connections | req/s | p50 | p99 | non-2xx | peak RSS |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      ({ name, c, r }) => `| ${name} | ${c} | ${r.rps} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.non2xx} | ${r.rssMb} MB |`,
    ),
    "",
    "## Ratios",
    "",
    "| connections | tools/call: jwt auth vs none (target ≥ 95%) | tools/call: /mcp vs trivial handler (target ≥ 80%) | ping: jwt vs none | ping: /mcp vs trivial |",
    "| ---: | ---: | ---: | ---: | ---: |",
    ...ratios.map(
      (r) =>
        `| ${r.c} | ${pct(r.authVsNone, 1)} | ${pct(r.mcpVsTrivial, 1)} | ${pct(r.pingAuthVsNone, 1)} | ${pct(r.pingVsTrivial, 1)} |`,
    ),
    "",
    "## Verifier alone",
    "",
    "`authenticateApiToken` in process: Bearer parsing, jose HS256 verification, the primary-key read of the token row, hash comparison.",
    "",
    "| case | ops/s | p50 | p99 |",
    "| --- | ---: | ---: | ---: |",
    `| a token seen before (jose result remembered, row read fresh) | ${verifier.warm.opsPerSecond} | ${ms(verifier.warm.p50)} | ${ms(verifier.warm.p99)} |`,
    `| a token seen for the first time (full jose verification + row read) | ${verifier.cold.opsPerSecond} | ${ms(verifier.cold.p50)} | ${ms(verifier.cold.p99)} |`,
    "",
    "## Rate-limit exactness under load",
    "",
    `A token limited to ${limit} requests/hour, hit with ${limit * 3} requests over 64 connections: **${admitted} admitted** (${admitted === limit ? "exact" : "NOT EXACT"}), ${exact.statuses["429"] ?? 0} refused with 429.`,
    "",
  ];
  // Hand-written notes (profiling, fixes, before/after) are kept beside and appended.
  const notes = "docs/benchmark-notes.md";
  const extra = existsSync(notes) ? `\n${readFileSync(notes, "utf8")}` : "";
  writeFileSync("docs/benchmarks.md", lines.join("\n") + extra);
  console.log(lines.join("\n"));
  if (admitted !== limit) process.exitCode = 1;
}

await main();
