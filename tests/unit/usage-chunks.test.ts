import { describe, expect, it } from "vitest";
import { eventId, powerOfTwoChunks } from "@/lib/usage/usage-recorder";

describe("powerOfTwoChunks", () => {
  it("keeps every item, in order, in runs of power-of-two lengths no longer than the maximum", () => {
    for (const length of [0, 1, 2, 3, 7, 8, 1000, 1024, 1025, 5000]) {
      const items = Array.from({ length }, (_, i) => i);
      const chunks = powerOfTwoChunks(items, 1024);
      expect(chunks.flat()).toEqual(items);
      for (const chunk of chunks) {
        expect(chunk.length).toBeLessThanOrEqual(1024);
        expect(Number.isInteger(Math.log2(chunk.length))).toBe(true);
      }
    }
  });

  it("uses at most log2(max) + 1 distinct lengths whatever the list's length", () => {
    const lengths = new Set<number>();
    for (let length = 0; length <= 5000; length++)
      for (const chunk of powerOfTwoChunks(Array.from({ length }), 1024)) lengths.add(chunk.length);
    expect(lengths.size).toBe(11);
  });
});

describe("eventId", () => {
  it("sorts like the calls: by time, then in order within one millisecond", () => {
    const at = Date.now();
    const times = [at, at, at, at + 1, at + 1, at + 1000, at + 86_400_000];
    const ids = times.map((time) => eventId(time));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
