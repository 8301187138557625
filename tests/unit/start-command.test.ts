import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { serverCommand } from "../../scripts/lib/server-process";

// `npm start` is what users run and what the bench measures (scripts/lib/server-process.ts reads it
// from package.json); the memory target rests on its allocator settings and heap ceiling.
describe("the server command npm start runs", () => {
  it("fixes glibc's mmap and trim thresholds and sets the heap ceiling and the collector's settings", () => {
    expect(serverCommand({})).toEqual({
      env: { MALLOC_MMAP_THRESHOLD_: "131072", MALLOC_TRIM_THRESHOLD_: "131072" },
      flags: ["--max-old-space-size=256", "--initial-old-space-size=128", "--no-allocation-site-pretenuring"],
    });
  });

  it("lets the environment override each, as the shell does", () => {
    expect(
      serverCommand({ KEYWAY_MAX_HEAP_MB: "512", MALLOC_MMAP_THRESHOLD_: "262144", MALLOC_TRIM_THRESHOLD_: "" }),
    ).toEqual({
      env: { MALLOC_MMAP_THRESHOLD_: "262144", MALLOC_TRIM_THRESHOLD_: "131072" },
      flags: ["--max-old-space-size=512", "--initial-old-space-size=128", "--no-allocation-site-pretenuring"],
    });
  });

  it("names only flags this Node accepts (an unknown V8 flag stops node before it starts)", () => {
    const { flags } = serverCommand({});
    expect(execFileSync(process.execPath, [...flags, "-p", "'started'"], { encoding: "utf8" }).trim()).toBe("started");
  });
});
