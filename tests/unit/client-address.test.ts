import { describe, expect, it } from "vitest";
import { addressEntryProblem } from "@/lib/net/address-syntax";
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

describe("addressEntryProblem (the same rule in the browser and the server)", () => {
  it.each(["10.0.0.0/8", "127.0.0.1", "::1", "fe80::/10", "2001:db8::7", "::ffff:1.2.3.4", "0.0.0.0/0", "::/0"])(
    "accepts %s",
    (entry) => expect(addressEntryProblem(entry)).toBeNull(),
  );
  it.each([
    "10.0.0.0/33",
    "1.2.3",
    "256.1.1.1",
    "01.2.3.4",
    "abc",
    "1.2.3.4/",
    "2001:db8::/129",
    "127.0.0.1/x",
    "1:2:3",
    "[::1]",
  ])("refuses %s", (entry) => expect(addressEntryProblem(entry)).toContain("is not an IP address or CIDR range"));
});
