import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./server";

// Private PostgreSQL and Redis servers for the fault tests: own port, own data directory, started
// and stopped by the test (the shared ones on 5432/6379 are never touched).
function postgresBin(name: string): string {
  const root = "/usr/lib/postgresql";
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  const candidate = version ? path.join(root, version, "bin", name) : name;
  return existsSync(candidate) ? candidate : name;
}

const asRoot = process.getuid?.() === 0;

function runAsPostgres(command: string, args: string[]) {
  const result = asRoot
    ? spawnSync("runuser", ["-u", "postgres", "--", command, ...args], { encoding: "utf8" })
    : spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr || result.stdout}`);
}

export type PrivatePostgres = { url: string; start: () => void; stop: () => void; destroy: () => void };

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "keyway-pg-"));
  if (asRoot)
    chownSync(
      dir,
      Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim()),
      Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim()),
    );
  const data = path.join(dir, "data");
  runAsPostgres(postgresBin("initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () =>
    runAsPostgres(postgresBin("pg_ctl"), ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
  const stop = () => runAsPostgres(postgresBin("pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
  start();
  runAsPostgres(postgresBin("createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "keyway"]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/keyway`,
    start,
    stop,
    destroy: () => {
      try {
        stop();
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PrivateRedis = { url: string; start: () => Promise<void>; stop: () => Promise<void> };

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    for (let i = 0; i < 50; i++) {
      if (spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout.trim() === "PONG") return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("private redis did not start");
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
