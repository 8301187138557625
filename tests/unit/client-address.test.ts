import { describe, expect, it } from "vitest";
import { clientAddress, parseAddressList, resolveClientAddress } from "@/lib/net/client-address";

describe("resolveClientAddress", () => {
  const none = parseAddressList([]);
  const proxies = parseAddressList(["10.0.0.0/8", "::1", "fd00::/8"]);

  it("is the socket's address when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(resolveClientAddress("::ffff:127.0.0.2", "203.0.113.9", none)).toBe("127.0.0.2");
    expect(resolveClientAddress("2001:db8::1", undefined, none)).toBe("2001:db8::1");
  });

  it("believes X-Forwarded-For only from trusted proxies, reading from the right", () => {
    expect(resolveClientAddress("10.1.2.3", "203.0.113.9", proxies)).toBe("203.0.113.9");
    // The client forged the leftmost entry; the trusted proxy appended what it saw.
    expect(resolveClientAddress("10.1.2.3", "198.51.100.1, 203.0.113.9, 10.9.9.9", proxies)).toBe("203.0.113.9");
    expect(resolveClientAddress("::1", "2001:db8::7", proxies)).toBe("2001:db8::7");
    expect(resolveClientAddress("192.0.2.1", "203.0.113.9", proxies)).toBe("192.0.2.1");
  });

  it("stops at an entry that is not an address", () => {
    expect(resolveClientAddress("10.1.2.3", "garbage, 10.2.2.2", proxies)).toBe("10.2.2.2");
  });

  it("refuses entries that are not addresses or ranges", () => {
    for (const bad of ["10.0.0.0/33", "example.com", "1.2.3.4/8/8", "fd00::/129"]) {
      expect(() => parseAddressList([bad])).toThrow(/is not an IP address or CIDR range/);
    }
  });

  it("reads the resolved address from web headers and plain records", () => {
    expect(clientAddress(new Headers({ "x-keyway-client-address": "127.0.0.5" }))).toBe("127.0.0.5");
    expect(clientAddress({ "x-keyway-client-address": "127.0.0.5" })).toBe("127.0.0.5");
    expect(clientAddress(new Headers())).toBeNull();
    expect(clientAddress(undefined)).toBeNull();
  });
});
