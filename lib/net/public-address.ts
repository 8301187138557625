import { BlockList, isIP } from "node:net";

// Addresses a server-side fetch of a URL someone else chose (a Client ID Metadata Document) must
// never reach: private networks, loopback, link-local (cloud metadata services), shared, reserved,
// documentation and multicast ranges, and IPv6 forms that embed an IPv4 address.
// One list per family: BlockList matches IPv4 addresses against IPv4-mapped IPv6 rules too, so
// the ::ffff:0:0/96 rule would otherwise refuse every IPv4 address.
const NOT_PUBLIC_V4 = new BlockList();
const NOT_PUBLIC_V6 = new BlockList();
for (const [address, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  NOT_PUBLIC_V4.addSubnet(address, bits, "ipv4");
}
for (const [address, bits] of [
  ["::", 127], // :: and ::1
  ["::ffff:0:0", 96], // IPv4-mapped
  ["64:ff9b::", 96], // NAT64
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["2002::", 16], // 6to4
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  NOT_PUBLIC_V6.addSubnet(address, bits, "ipv6");
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

function check(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

export function isLoopbackAddress(address: string): boolean {
  return check(LOOPBACK, address);
}

/** A URL's host name that names this machine: `localhost`, 127.0.0.0/8 or `[::1]` (not IPv4-mapped forms). */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") return true;
  return isIP(hostname) === 4 && isLoopbackAddress(hostname);
}

/** An IP address anyone on the internet could reach; false for anything that is not an IP address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC_V4.check(address, "ipv4");
  return family === 6 && !NOT_PUBLIC_V6.check(address, "ipv6");
}
