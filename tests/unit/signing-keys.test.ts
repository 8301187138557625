import { describe, expect, it } from "vitest";
import { ASSERTION_LIFETIME_SECONDS, keySchedule } from "@/lib/upstream/signing-keys";

// Issue 33, item 5: the keys of the caller identities rotate without breaking verification. The
// next key is published before it signs; a replaced key stays published until what it signed expired.

const settings = { rotationSeconds: 1000, publishAheadSeconds: 100 };
const t = (seconds: number) => new Date(Date.UTC(2026, 11, 7) + seconds * 1000);
const key = (generation: number, activeFrom: number, createdAt = activeFrom) => ({
  kid: `k${generation}`,
  generation,
  activeFrom: t(activeFrom),
  createdAt: t(createdAt),
});

describe("the signing key schedule", () => {
  it("creates the first key active at once", () => {
    const schedule = keySchedule([], t(0), settings);
    expect(schedule.signing).toBeNull();
    expect(schedule.create).toEqual({ generation: 1, activeFrom: t(0) });
  });

  it("signs with the one key until the next is due, then publishes the next ahead of its use", () => {
    const first = key(1, 0);
    expect(keySchedule([first], t(899), settings)).toMatchObject({ signing: first, create: null });
    // Due at rotation - publish-ahead: created now, signing only publish-ahead later.
    expect(keySchedule([first], t(900), settings).create).toEqual({ generation: 2, activeFrom: t(1000) });
  });

  it("keeps signing with the old key while the next is published, and both are in the set", () => {
    const first = key(1, 0);
    const next = key(2, 1000, 900);
    const schedule = keySchedule([next, first], t(950), settings);
    expect(schedule.signing).toBe(first);
    expect(schedule.published).toEqual([first, next]);
    // One pending key is enough: no third is created while it waits.
    expect(schedule.create).toBeNull();
    expect(keySchedule([first, next], t(1000), settings).signing).toBe(next);
  });

  it("retires a replaced key only after what it signed has expired (with clock skew)", () => {
    const first = key(1, 0);
    const next = key(2, 1000, 900);
    const lastUse = 1000 + ASSERTION_LIFETIME_SECONDS + 60;
    expect(keySchedule([first, next], t(lastUse), settings).published).toEqual([first, next]);
    const later = keySchedule([first, next], t(lastUse + 1), settings);
    expect(later.retired).toEqual([first]);
    expect(later.published).toEqual([next]);
  });
});
