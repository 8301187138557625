import { describe, expect, it } from "vitest";
import { sameOriginPath } from "@/lib/auth/redirect-target";

const APP = "http://localhost:3800";

describe("sameOriginPath", () => {
  it.each([
    ["/tokens", "/tokens"],
    ["/tokens?tab=generate#top", "/tokens?tab=generate#top"],
    ["http://localhost:3800/tasks", "/tasks"],
    ["tasks", "/tasks"],
    ["/.//evil.example/", "/evil.example/"],
  ])("keeps %j on this origin as %j", (target, expected) => {
    expect(sameOriginPath(target, APP)).toBe(expected);
  });

  it.each([
    "/\\evil.example/",
    "/\t/evil.example/",
    "/\\/evil.example/",
    "//evil.example/",
    "https://evil.example/",
    "http://localhost:3801/",
    "javascript:alert(1)",
    "http://[::1",
    "",
    undefined,
    ["/tokens", "//evil.example"],
  ])("turns %j into /", (target) => {
    expect(sameOriginPath(target, APP)).toBe("/");
  });
});
