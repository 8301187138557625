import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as operations from "@/lib/api/operations";
import { createToken, listAudit, listTokens, removeMember, rotateToken, updateToken } from "@/lib/api/operations";
import { operationUrl, type CallArgs, type ResultOf } from "@/lib/client/api";
import type { TokenListItem } from "@/lib/tokens/schemas";

// The pages (and the tests' helper) call the API through operations: the URL is built from the
// declaration, and the arguments and answer are typed from its schemas.

describe("the typed API client", () => {
  it("fills path parameters, encoded, and leaves unset query parameters out", () => {
    expect(operationUrl(rotateToken, { params: { id: "a b/c" }, body: {} })).toBe("/api/v2/tokens/a%20b%2Fc/rotate");
    expect(operationUrl(listTokens, { query: { scope: "organization", q: undefined, limit: 5 } })).toBe(
      "/api/v2/tokens?scope=organization&limit=5",
    );
    expect(operationUrl(listTokens, {})).toBe("/api/v2/tokens");
    expect(operationUrl(removeMember, { params: { userId: "u1" } })).toBe("/api/v2/organization/members/u1");
  });

  it("builds a URL for every operation with no parameter left unfilled", () => {
    for (const [name, operation] of Object.entries(operations)) {
      const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      const params = Object.fromEntries(names.map((param) => [param, `${param}-value`]));
      const url = operationUrl(operation, { params } as never);
      expect(url, name).not.toMatch(/[{}]/);
      for (const param of names) expect(url, name).toContain(`${param}-value`);
    }
  });

  it("types each call from its operation", () => {
    expectTypeOf<CallArgs<typeof updateToken>>().toHaveProperty("params").toEqualTypeOf<{ id: string }>();
    expectTypeOf<CallArgs<typeof createToken>>().toHaveProperty("body").toHaveProperty("name");
    expectTypeOf<ResultOf<typeof listTokens>>().toHaveProperty("tokens").toEqualTypeOf<TokenListItem[]>();
    expectTypeOf<ResultOf<typeof listAudit>>().toHaveProperty("nextCursor").toEqualTypeOf<string | null>();
    // @ts-expect-error a path parameter the operation does not have
    operationUrl(updateToken, { params: { tokenId: "x" }, body: {} });
  });

  it("is the pages' only way to the API: no page or component writes an /api/v2 path or calls fetch", () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return full === path.join("app", "api") ? [] : sources(full);
        return /\.tsx?$/.test(entry.name) ? [full] : [];
      });
    const offenders = [...sources("app"), ...sources("components")].filter((file) => {
      const text = readFileSync(file, "utf8");
      return /["'`]\/api\/v2/.test(text) || /\bfetch\(/.test(text);
    });
    expect(offenders).toEqual([]);
  });
});
