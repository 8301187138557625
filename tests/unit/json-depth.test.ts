import { describe, expect, it } from "vitest";
import { nestsDeeperThan } from "@/lib/api/parse";
import { jsonDepth } from "@/lib/context/schemas";

describe("nestsDeeperThan", () => {
  it("counts arrays and objects, not brackets inside strings", () => {
    expect(nestsDeeperThan('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[1,{"b":[]}]}', 3)).toBe(true);
    expect(nestsDeeperThan(`{"a":"${"[".repeat(100)}"}`, 1)).toBe(false);
    expect(nestsDeeperThan(`{"a":"\\"${"{".repeat(100)}"}`, 1)).toBe(false);
  });

  it("handles a megabyte of brackets without recursion", () => {
    expect(nestsDeeperThan("[".repeat(1_000_000), 64)).toBe(true);
  });
});

describe("jsonDepth", () => {
  it("measures values iteratively", () => {
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: null }] })).toBe(3);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDepth(deep)).toBe(100_000);
  });
});
