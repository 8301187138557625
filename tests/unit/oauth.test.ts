import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isPublicAddress } from "@/lib/net/public-address";
import { requestedScopes, verifierMatches } from "@/lib/oauth/authorization";
import { addressAllowed } from "@/lib/net/outbound";
import { checkClientIdUrl, fetchClientDocument } from "@/lib/oauth/fetch-client-document";
import { matchesRegisteredRedirect, redirectUriProblem } from "@/lib/oauth/redirect-uris";

// The pure rules of the authorization server, line by line against their RFCs.

describe("redirect URIs (OAuth 2.1 section 2.3.1, RFC 8252)", () => {
  it.each([
    ["https://app.example/callback", null],
    ["http://127.0.0.1:3000/cb", null],
    ["http://[::1]:3000/cb", null],
    ["http://localhost/cb", null],
    ["cursor://anysphere.cursor-retrieval/oauth/callback", null],
    ["com.example.app:/oauth2redirect", null],
    ["http://app.example/cb", "plain HTTP"],
    ["http://127.0.0.1.nip.io/cb", "plain HTTP"],
    ["https://app.example/cb#x", "fragment"],
    ["https://user:pw@app.example/cb", "credentials"],
    ["javascript:alert(1)", "javascript:"],
    ["data:text/html,hi", "data:"],
    ["/relative", "not an absolute URI"],
  ])("%s", (uri, problem) => {
    const found = redirectUriProblem(uri);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it("matches exactly, except that a loopback redirect may change its port", () => {
    const registered = ["https://app.example/cb", "http://127.0.0.1:8000/callback", "http://localhost/cb"];
    expect(matchesRegisteredRedirect("https://app.example/cb", registered)).toBe(true);
    expect(matchesRegisteredRedirect("https://app.example/cb/", registered)).toBe(false);
    expect(matchesRegisteredRedirect("https://app.example/cb?x=1", registered)).toBe(false);
    expect(matchesRegisteredRedirect("https://app.example:8443/cb", registered)).toBe(false);
    expect(matchesRegisteredRedirect("http://127.0.0.1:51234/callback", registered)).toBe(true);
    expect(matchesRegisteredRedirect("http://127.0.0.1:51234/other", registered)).toBe(false);
    expect(matchesRegisteredRedirect("http://localhost:9999/cb", registered)).toBe(true);
    // Another loopback host is another URI.
    expect(matchesRegisteredRedirect("http://[::1]:8000/callback", registered)).toBe(false);
    expect(matchesRegisteredRedirect("not a url", registered)).toBe(false);
  });

  it("compares as strings, never after normalisation, except a loopback port (RFC 9700 section 4.1.3)", () => {
    const registered = ["https://app.example/callback", "http://127.0.0.1/callback", "http://[::1]:8000/cb"];
    for (const uri of [
      "https://app.example/x/%2e%2e/callback",
      "https://app.example/x/../callback",
      "https://APP.example/callback",
      "https://app.example:443/callback",
      "http://127.0.0.1:5000/x/%2e%2e/callback",
      "http://127.0.0.1:5000/./callback",
      "http://127.0.0.1:5000/Callback",
      "HTTP://127.0.0.1:5000/callback",
      "http://127.0.0.1:5000@evil.example/callback",
      "http://127.0.0.1:99999999/callback",
    ]) {
      expect(matchesRegisteredRedirect(uri, registered), uri).toBe(false);
    }
    for (const uri of ["http://127.0.0.1:5000/callback", "http://127.0.0.1/callback", "http://[::1]/cb"]) {
      expect(matchesRegisteredRedirect(uri, registered), uri).toBe(true);
    }
  });
});

describe("PKCE S256 (RFC 7636 section 4.6)", () => {
  const verifier = "a".repeat(20) + "-._~" + "Z9".repeat(10);
  const challenge = createHash("sha256").update(verifier).digest("base64url");

  it("accepts the verifier of the challenge and nothing else", () => {
    expect(verifierMatches(verifier, challenge)).toBe(true);
    expect(verifierMatches(`${verifier}x`, challenge)).toBe(false);
    expect(verifierMatches(verifier, challenge.replace(/.$/, "A"))).toBe(false);
  });

  it("refuses verifiers outside 43-128 unreserved characters", () => {
    const short = "abc";
    expect(verifierMatches(short, createHash("sha256").update(short).digest("base64url"))).toBe(false);
    const spaced = `${"a".repeat(42)} b`;
    expect(verifierMatches(spaced, createHash("sha256").update(spaced).digest("base64url"))).toBe(false);
    const long = "a".repeat(129);
    expect(verifierMatches(long, createHash("sha256").update(long).digest("base64url"))).toBe(false);
  });
});

describe("requested scopes", () => {
  it("keeps Keyway's scopes in canonical order and never grants anything else", () => {
    expect(requestedScopes("read:tasks execute:mcp mcp:admin openid")).toEqual({
      scopes: ["execute:mcp", "read:tasks"],
      refused: ["mcp:admin", "openid"],
    });
    expect(requestedScopes(null).scopes).toContain("write:agents");
    expect(requestedScopes("mcp:admin")).toEqual({ scopes: [], refused: ["mcp:admin"] });
  });
});

describe("where a client_id document may be fetched from", () => {
  const production = { allowLoopback: false };
  const local = { allowLoopback: true };

  it("knows which addresses are public", () => {
    for (const address of ["93.184.215.14", "2606:4700::1111", "1.1.1.1"])
      expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      "10.0.0.1",
      "172.16.5.4",
      "192.168.0.1",
      "127.0.0.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
      "::ffff:10.0.0.1",
      "::ffff:127.0.0.1",
      "64:ff9b::a00:1",
      "2002:a00:1::",
      "not an address",
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it("allows loopback only on a loopback deployment, and private networks never", () => {
    expect(addressAllowed("127.0.0.1", local)).toBe(true);
    expect(addressAllowed("::1", local)).toBe(true);
    expect(addressAllowed("127.0.0.1", production)).toBe(false);
    expect(addressAllowed("10.0.0.1", local)).toBe(false);
    expect(addressAllowed("192.168.1.1", local)).toBe(false);
  });

  it("checks the URL before anything is sent", () => {
    expect(() => checkClientIdUrl("http://127.0.0.1:9/client.json", production)).toThrow("https");
    expect(() => checkClientIdUrl("https://127.0.0.1:9/client.json", production)).toThrow("not public");
    expect(() => checkClientIdUrl("https://10.1.1.1/client.json", local)).toThrow("not public");
    expect(() => checkClientIdUrl("https://[::ffff:a00:1]/client.json", local)).toThrow("not public");
    expect(() => checkClientIdUrl("http://example.com/client.json", local)).toThrow("https");
    expect(() => checkClientIdUrl("https://example.com", production)).toThrow("path");
    expect(() => checkClientIdUrl("https://u:p@example.com/c.json", production)).toThrow("credentials");
    expect(checkClientIdUrl("http://127.0.0.1:9/client.json", local).port).toBe("9");
    expect(checkClientIdUrl("https://app.example/client.json", production).host).toBe("app.example");
  });

  it("refuses a host name that resolves to a forbidden address, before connecting", async () => {
    // `localhost` resolves from the hosts file (no DNS traffic) to loopback, which production refuses.
    await expect(fetchClientDocument(new URL("https://localhost:9/client.json"), production)).rejects.toThrow(
      "resolves to an address that is not public",
    );
  });
});
