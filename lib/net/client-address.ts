import { BlockList, isIP } from "node:net";
import { addressEntryProblem, ipFamily } from "./address-syntax";

// Next.js route handlers never see the socket, and `next start` keeps a client-sent
// X-Forwarded-For as it is, so neither can name the client. Keyway's own server (scripts/serve.ts)
// decides the address from the socket and TRUSTED_PROXIES and passes it in this header, always
// overwriting whatever the client sent under that name.
export const CLIENT_ADDRESS_HEADER = "x-keyway-client-address";

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client. */
function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped ? mapped[1]! : address).toLowerCase();
}

/** TRUSTED_PROXIES: comma-separated addresses and CIDR ranges, IPv4 or IPv6. Throws on a bad entry. */
export function parseAddressList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const problem = addressEntryProblem(entry);
    if (problem) throw new Error(problem);
    const [address = "", prefix] = entry.split("/");
    const type = ipFamily(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function contains(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** Whether a client address (as resolved below) is in a list from parseAddressList. */
export function addressInList(list: BlockList, address: string): boolean {
  return contains(list, normalizeAddress(address));
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy; then X-Forwarded-For
 * is read from the right, skipping trusted proxies, and the first address no trusted proxy
 * vouches for is the client (entries left of it may be forged by the client).
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: BlockList,
): string {
  let client = normalizeAddress(peer ?? "");
  if (!forwardedFor || !contains(trusted, client)) return client;
  const hops = forwardedFor
    .split(",")
    .map((hop) => normalizeAddress(hop.trim()))
    .reverse();
  for (const hop of hops) {
    if (!isIP(hop)) break;
    client = hop;
    if (!contains(trusted, hop)) break;
  }
  return client;
}

/**
 * The address resolved by Keyway's server, or null when the app runs behind another server (as in
 * `next dev`). Takes web headers or the plain record next-auth hands to its callbacks.
 */
export function clientAddress(headers: Headers | Record<string, unknown> | undefined): string | null {
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers?.[CLIENT_ADDRESS_HEADER];
  return typeof value === "string" && value ? value : null;
}
