import { describe, expect, it } from "vitest";
import {
  upstreamEntryProblem,
  upstreamHostAllowedNow,
  upstreamPolicy,
  upstreamUrlProblem,
} from "@/lib/net/upstream-policy";

// Issue 33, item 2: where an organization's upstream MCP servers may be is the operator's to say
// (UPSTREAM_ALLOWED). Only literal addresses and listed names here: nothing is looked up.

describe("the upstream policy", () => {
  const policy = upstreamPolicy(["mcp.internal.example", "10.20.0.0/16", "127.0.0.1"]);

  it("takes host names, addresses and CIDR ranges, and refuses anything else", () => {
    expect(upstreamEntryProblem("mcp.internal.example")).toBeNull();
    expect(upstreamEntryProblem("10.20.0.0/16")).toBeNull();
    expect(upstreamEntryProblem("::1")).toBeNull();
    expect(upstreamEntryProblem("10.20.0.0/33")).toBe("is not a valid address or CIDR range");
    expect(upstreamEntryProblem("not a host!")).toBe("is not a host name, an IP address or a CIDR range");
  });

  it("allows a listed name and addresses in listed ranges, nothing else", async () => {
    expect(await upstreamUrlProblem(new URL("https://MCP.internal.example/mcp"), policy)).toBeNull();
    expect(await upstreamUrlProblem(new URL("http://10.20.3.4:8000/mcp"), policy)).toBeNull();
    expect(await upstreamUrlProblem(new URL("http://127.0.0.1:9/mcp"), policy)).toBeNull();
    expect(await upstreamUrlProblem(new URL("http://169.254.169.254/latest"), policy)).toBe(
      "169.254.169.254 is not among the hosts and addresses this Keyway allows (UPSTREAM_ALLOWED)",
    );
    expect(await upstreamUrlProblem(new URL("http://user:pw@10.20.0.1/"), policy)).toBe(
      "it must not carry credentials",
    );
    expect(await upstreamUrlProblem(new URL("http://10.20.0.1/"), upstreamPolicy([]))).toBe(
      "this Keyway allows no upstream servers (its operator sets UPSTREAM_ALLOWED)",
    );
  });

  it("asks again at every connection, so a narrower list holds for servers registered before it", () => {
    const narrower = upstreamPolicy(["10.20.1.0/24"]);
    expect(upstreamHostAllowedNow(new URL("http://10.20.1.9/"), narrower)).toBe(true);
    expect(upstreamHostAllowedNow(new URL("http://10.20.3.4/"), narrower)).toBe(false);
    expect(upstreamHostAllowedNow(new URL("http://10.20.3.4/"), upstreamPolicy([]))).toBe(false);
  });
});
