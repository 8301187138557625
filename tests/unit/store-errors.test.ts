import { describe, expect, it } from "vitest";
import { isUnavailable } from "../../lib/db/errors";

// Which store failures become a 503 with Retry-After (the store is gone or slow right now) and
// which stay errors of the code (logged, 500).
describe("isUnavailable", () => {
  it.each([
    ["Prisma cannot reach the server", { code: "P1001", message: "Can't reach database server" }],
    ["Prisma could not start a transaction in time", { code: "P2028", message: "Transaction API error" }],
    ["the pg pool's connect timeout", new Error("timeout exceeded when trying to connect")],
    ["the pg client's read timeout", new Error("Query read timeout")],
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    [
      "a statement cancelled by statement_timeout",
      { code: "57014", message: "canceling statement due to statement timeout" },
    ],
    ["a server shutting down", { code: "57P01", message: "terminating connection due to administrator command" }],
    ["a broken connection", { code: "08006", message: "connection failure" }],
    [
      "the same through Prisma's adapter",
      { code: "P2010", message: "x", meta: { driverAdapterError: { cause: { kind: "postgres", code: "57P03" } } } },
    ],
    [
      "a closed connection through Prisma's adapter",
      { message: "x", meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } } },
    ],
  ])("counts %s", (_name, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", { code: "P2002", message: "Unique constraint failed" }],
    ["a syntax error", { code: "42601", message: "syntax error at or near" }],
    ["a programming error", new TypeError("cannot read properties of undefined")],
    ["a non-error", "boom"],
  ])("does not count %s", (_name, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});
