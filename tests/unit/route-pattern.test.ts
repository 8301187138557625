import { describe, expect, it } from "vitest";
import { routePattern } from "@/lib/metrics/route-pattern";

describe("routePattern", () => {
  it.each([
    ["/mcp", "/mcp"],
    ["/mcp/", "/mcp"],
    ["/mcp/sse?x=1", "/mcp/sse"],
    ["/mcp/servers/their-fastmcp", "/mcp/servers/{slug}"],
    ["/api/v2/organization/servers/cm1", "/api/v2/organization/servers/{id}"],
    ["/api/v2/tokens", "/api/v2/tokens"],
    ["/api/v2/tokens/0b9c-uuid/usage?window=7d", "/api/v2/tokens/{id}/usage"],
    ["/api/v2/connected-apps/cmxyz/requests", "/api/v2/connected-apps/{id}/requests"],
    ["/api/v2/organization/members/cm1", "/api/v2/organization/members/{id}"],
    ["/api/v2/eyJhbGciOi.secret.token", "/api/v2/{id}"],
    ["/oauth/token", "/oauth/token"],
    ["/oauth/introspect", "/oauth/introspect"],
    ["/api/v2/service-accounts/cm1/clients/kwc_x/secret", "/api/v2/service-accounts/{id}/clients/{id}/secret"],
    ["/oauth/whatever", "other"],
    ["/.well-known/oauth-protected-resource/mcp", "/.well-known"],
    ["/tokens?tab=generate", "/tokens"],
    ["/invite/secret-link", "/invite"],
    ["/", "/"],
    ["/anything/else/at/all", "other"],
  ])("%s is %s", (url, pattern) => {
    expect(routePattern(url)).toBe(pattern);
  });
});
